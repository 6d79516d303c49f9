const API = "";
export async function loadOrders(token){const r=await fetch('/orders/mine',{headers:{Authorization:`Bearer ${token}`}});return r.json()}
export const getInvoice=(id)=>axios.get(`/billing/invoices/${id}`);
export const report=()=>axios.post("/internal/report",{});
export const cfg = "/api/v2/config";
jQuery.getJSON("/legacy/members.json");
