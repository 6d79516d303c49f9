CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, password TEXT);
INSERT INTO users VALUES(1,'alice','c4e7a2f9d1b8306e5c4a7f2d9b1e8a63f0c5d2a9e7b4f1c8d3a6e0b9f2c5a8d1');
