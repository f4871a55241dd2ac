// Echo server in Node.js. Usage: node echo.js HOST PORT
// Stops when its standard input closes (the test harness closes it).
const net = require('net');

const server = net.createServer((socket) => {
  socket.on('data', (chunk) => socket.write(chunk));
  socket.on('error', () => socket.destroy());
});
server.listen(Number(process.argv[3]), process.argv[2], () => {
  const { address, port } = server.address();
  console.log(`listening on ${address}:${port}`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
