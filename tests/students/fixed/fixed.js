// Fixed-length echo server in Node.js. Usage: node fixed.js HOST PORT [SIZE]
// Stops when its standard input closes (the test harness closes it).
const net = require('net');
const SIZE = Number(process.argv[4] || 32);

const server = net.createServer((socket) => {
  let held = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    held = Buffer.concat([held, chunk]);
    while (held.length >= SIZE) {
      socket.write(held.subarray(0, SIZE));
      held = held.subarray(SIZE);
    }
  });
  socket.on('error', () => socket.destroy());
});
server.listen(Number(process.argv[3]), process.argv[2], () => {
  console.log(`listening on ${server.address().address}:${server.address().port}`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
