// Demo 5, correct: Node.js, a buffer per connection, frames taken as they complete.
const net = require('net');
const MAX = 8 * 1024 * 1024;
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
const server = net.createServer((sock) => {
  let buf = Buffer.alloc(0);
  sock.on('data', (data) => {
    buf = Buffer.concat([buf, data]);
    while (buf.length >= 4) {
      const n = buf.readUInt32BE(0);
      if (n > MAX) { sock.destroy(); return; }
      if (buf.length < 4 + n) break;
      sock.write(buf.subarray(0, 4 + n));
      buf = buf.subarray(4 + n);
    }
  });
  sock.on('end', () => sock.end());
  sock.on('error', () => {});
});
server.listen(Number(process.argv[3]), process.argv[2], () => {
  const a = server.address();
  console.log(`listening on ${a.address}:${a.port}`);
});
