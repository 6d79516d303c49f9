const express = require('express');

const app = express();
app.get('/report', async (req, res) => {
  try {
    res.json(await buildReport(req.query));
  } catch (err) {
    console.error(err.stack);
    res.status(500).json({ message: 'internal error' });
  }
});

module.exports = app;
