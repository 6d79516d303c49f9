const { createServer } = require('http');
const { Server } = require('socket.io');

const io = new Server(createServer(), {
  cors: { origin: ['https://app.example.com'], credentials: true },
});
const plain = new Server(createServer());
