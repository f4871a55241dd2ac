"""The lesson's file sender, as the benchmark runs it: struct 'i' + JSON
header, then the file in 8192-byte reads, one send per read. The only change
from the lesson is sendall for send (send may write part of a buffer) and a
port picked by the OS, printed on the first line.

usage: python3 lesson_sender.py FILE   (serves one client, then exits)
"""
import json, os, socket, struct, sys
path = sys.argv[1]
dic = {'filename': os.path.basename(path), 'filesize': os.path.getsize(path)}
sk = socket.socket()
sk.bind(('127.0.0.1', 0))
sk.listen()
print(sk.getsockname()[1], flush=True)
conn, addr = sk.accept()
raw = json.dumps(dic).encode('utf-8')
conn.sendall(struct.pack('i', len(raw)) + raw)
with open(path, 'rb') as f:
    while True:
        k = f.read(8192)
        if not k:
            break
        conn.sendall(k)
conn.close()
sk.close()
