const { createServer } = require('http');
const { Server } = require('socket.io');

const httpServer = createServer();
// socket.io forwards cors to the cors module (default origin "*").
const io = new Server(httpServer, {
  cors: { origin: true, credentials: true },
});
