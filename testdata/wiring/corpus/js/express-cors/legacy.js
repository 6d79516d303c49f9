// class: cors
const express = require('express');

const router = express.Router();

// Sandboxed iframes send Origin: null; this lets them in.
router.get('/embed/config', (req, res) => {
  res.header('Access-Control-Allow-Origin', 'null'); // want code/cors-null-origin
  res.json({ theme: 'dark' });
});

router.get('/status.json', (req, res) => {
  res.set('Access-Control-Allow-Origin', '*'); // want code/cors-wildcard
  res.json({ ok: true });
});

module.exports = router;
