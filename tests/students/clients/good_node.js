// Lab 4, correct: Node.js, one frame at a time, each echo parsed from a buffer.
const net = require('net');
const messages = ['hello', 'from the', 'client'].map((s) => Buffer.from(s));
const sock = net.connect(Number(process.argv[3]), process.argv[2]);
let buf = Buffer.alloc(0);
let next = 0;
function send() {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(messages[next].length);
  sock.write(Buffer.concat([len, messages[next]]));
}
sock.on('connect', send);
sock.on('data', (data) => {
  buf = Buffer.concat([buf, data]);
  while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
    const n = buf.readUInt32BE(0);
    if (!buf.subarray(4, 4 + n).equals(messages[next])) { console.error('echo differs'); process.exit(1); }
    buf = buf.subarray(4 + n);
    next += 1;
    if (next === messages.length) { sock.end(); console.log('every echo came back'); return; }
    send();
  }
});
sock.on('end', () => { if (next < messages.length) { console.error('closed mid-echo'); process.exit(1); } });
sock.on('error', (e) => { console.error(String(e)); process.exit(1); });
sock.setTimeout(10000, () => process.exit(1));
