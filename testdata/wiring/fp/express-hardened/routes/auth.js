const express = require('express');

const router = express.Router();

// Rate-limited where this router is mounted (app.js).
router.post('/login', async (req, res) => {
  res.json(await login(req.body));
});

router.post('/password/forgot', async (req, res) => {
  await sendReset(req.body.email);
  res.status(202).end();
});

module.exports = router;
