// class: ratelimit
module.exports = {
  login: (req, res) => res.json({ token: 'x' }),
  signup: (req, res) => res.status(201).end(),
  resetPassword: (req, res) => res.status(202).end(),
  confirmReset: (req, res) => res.status(204).end(),
  verifyOtp: (req, res) => res.status(204).end(),
};
