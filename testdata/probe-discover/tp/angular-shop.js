"use strict";(self.webpackChunkfrontend=self.webpackChunkfrontend||[]).push([[179],{8720:(e,t,n)=>{
class ProductService{constructor(http){this.http=http;this.hostServer=environment.hostServer;this.host=this.hostServer+"/api/Products"}
search(q){return this.http.get(`${this.hostServer}/rest/products/search?q=${q}`).pipe(map(r=>r.data))}
find(p){return this.http.get(this.host+"/",{params:p})}
get(id){return this.http.get(`${this.host}/${id}?d=${encodeURIComponent(new Date().toDateString())}`)}}
class UserService{whoAmI(){return this.http.get(this.hostServer+"/rest/user/whoami")}
find(){return this.http.get(this.hostServer+"/api/Users/")}
changePassword(p){return this.http.get(this.hostServer+"/rest/user/change-password?current="+p.current+"&new="+p.new)}}
class AdminService{getApplicationVersion(){return this.http.get(this.hostServer+"/rest/admin/application-version")}}
class FileService{list(){return this.http.get(this.hostServer+"/ftp")}}
const routes=[{path:"search"},{path:"administration"}];
}}]);
