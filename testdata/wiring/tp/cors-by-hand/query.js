const express = require('express');

const app = express();
// The caller chooses the allowed origin through the query string.
app.get('/widget', (req, res) => {
  res.set('Access-Control-Allow-Origin', req.query.site);
  res.json({});
});
