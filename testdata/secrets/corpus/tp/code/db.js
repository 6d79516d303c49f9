module.exports = {
  production: {
    username: 'shop',
    password: 'Tq8vN3zLw5Rm',
    host: 'db.corp-intra.net',
    dialect: 'postgres',
  },
};
