// Demo 6, correct: Node.js, a state machine over a buffer, the verdict at the end.
const net = require('net');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
const outdir = process.argv[4];

function answer(sock, verdict, filename) {
  const raw = Buffer.from(JSON.stringify({ verdict, filename }));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(raw.length);
  sock.end(Buffer.concat([len, raw]));
}

function bare(sent) {
  if (/[\x00-\x1f]/.test(sent)) return null;
  const name = sent.split(/[\\/]/).pop().split(':').pop();
  return name === '' || name === '.' || name === '..' ? null : name;
}

net.createServer((sock) => {
  let buf = Buffer.alloc(0);
  let header = null;
  let done = false;
  sock.on('data', (data) => {
    if (done) return;
    buf = Buffer.concat([buf, data]);
    if (!header) {
      if (buf.length < 4) return;
      const n = buf.readUInt32BE(0);
      if (n > 65536) { done = true; return answer(sock, 'bad_header', ''); }
      if (buf.length < 4 + n) return;
      header = JSON.parse(buf.subarray(4, 4 + n).toString('utf8'));
      buf = buf.subarray(4 + n);
    }
    if (buf.length < header.filesize) return;
    done = true;
    const body = buf.subarray(0, header.filesize);
    const name = bare(header.filename);
    if (name === null) return answer(sock, 'bad_header', '');
    const target = path.join(outdir, name);
    if (fs.existsSync(target)) return answer(sock, 'exists', name);
    const sha = crypto.createHash('sha256').update(body).digest('hex');
    if (header.sha256 && header.sha256 !== sha) return answer(sock, 'digest_mismatch', name);
    fs.writeFileSync(target, body);
    answer(sock, 'saved', name);
  });
  sock.on('end', () => { if (!done) { done = true; answer(sock, 'failed', ''); } });
  sock.on('error', () => {});
}).listen(Number(process.argv[3]), process.argv[2], function () {
  const a = this.address();
  console.log(`listening on ${a.address}:${a.port}`);
});
