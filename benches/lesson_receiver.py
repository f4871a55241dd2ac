"""The lesson's file receiver, as the benchmark runs it: struct 'i' length,
JSON header, then recv(8192) until filesize bytes are in. Changes from the
lesson: a header read in full (recv(n) may return less), and a stop on b''
where the lesson's loop would spin forever. No integrity check, as in the
lesson.

usage: python3 lesson_receiver.py PORT OUT_DIR
"""
import json, os, socket, struct, sys
port, out = int(sys.argv[1]), sys.argv[2]
sk = socket.create_connection(('127.0.0.1', port))
def recv_exactly(n):
    data = b''
    while len(data) < n:
        chunk = sk.recv(n - len(data))
        if not chunk:
            raise SystemExit('closed early')
        data += chunk
    return data
(n,) = struct.unpack('i', recv_exactly(4))
mag = json.loads(recv_exactly(n).decode('utf-8'))
left = mag['filesize']
with open(os.path.join(out, os.path.basename(mag['filename'])), 'wb') as f:
    while left:
        conn = sk.recv(min(8192, left))
        if not conn:
            raise SystemExit('closed early')
        left -= len(conn)
        f.write(conn)
sk.close()
