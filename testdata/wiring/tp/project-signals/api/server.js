const express = require('express');

const app = express();
app.use(express.json());

app.post('/auth/reset-password', async (req, res) => {
  await sendResetLink(req.body.email);
  res.status(202).end();
});

app.listen(3000);
