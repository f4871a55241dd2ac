// Line server in Node.js, on Buffers (a string would break characters cut
// between two chunks). Usage: node lines.js HOST PORT
// Stops when its standard input closes (the test harness closes it).
const net = require('net');
const MAX = 65536;

const server = net.createServer((socket) => {
  let pending = Buffer.alloc(0);
  let count = 0;
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    let nl;
    while ((nl = pending.indexOf(0x0a)) !== -1) {
      const line = pending.subarray(0, nl);
      pending = pending.subarray(nl + 1);
      if (line.length > MAX) {
        socket.end('error: line too long\n');
        return;
      }
      count += 1;
      socket.write(Buffer.concat([Buffer.from(`${count}: `), line, Buffer.from('\n')]));
    }
    if (pending.length > MAX) {
      socket.end('error: line too long\n');
      socket.pause();
    }
  });
  socket.on('error', () => socket.destroy());
});
server.listen(Number(process.argv[3]), process.argv[2], () => {
  const { address, port } = server.address();
  console.log(`listening on ${address}:${port}`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
