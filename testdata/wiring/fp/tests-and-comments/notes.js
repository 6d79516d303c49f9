// Never do this: app.use(cors({ origin: true, credentials: true }))
/* nor this:
   res.setHeader('Access-Control-Allow-Origin', req.headers.origin)
*/
const warning = "cors({ origin: true, credentials: true }) reflects every origin";
module.exports = { warning };
