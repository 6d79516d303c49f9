module.exports = {
  origin: ['https://app.example.com', 'https://admin.example.com'],
  credentials: true,
};
