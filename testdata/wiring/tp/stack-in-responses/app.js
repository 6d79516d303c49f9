const express = require('express');

const app = express();
app.get('/report', async (req, res) => {
  try {
    res.json(await buildReport(req.query));
  } catch (err) {
    // The caught error's stack goes to the client.
    res.status(500).json({ message: err.message, stack: err.stack });
  }
});

module.exports = app;
