/* Copyright (c) 2024 shop. See /LICENSE.txt and https://github.com/shop/app */
import logo from "/assets/logo.svg";
const css="/static/css/main.3f2a.css", font='/fonts/inter.woff2', icon=`/favicon.ico`;
const re=/\/api\/users/g; const path = "/"; const div = a / b / "c";
const routes=[{path:"/search"},{path:"/about"},{path:"/contact"}];
router.navigate("/account/login");
const msg = "Go to /settings to change it";
const tpl = `${a}${b}`; const s = "/api/${notATemplate}";
el.style.background = "url('/img/bg.png')";
