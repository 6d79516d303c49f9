const conn = { client_id: process.env.SF_CLIENT_ID, client_secret: '6290413857264019375' };
module.exports = conn;
