"""Lab 4 starter: a client for a length-prefix echo server. It sends three
messages as frames (a 4-byte '!I' length, then the bytes), then checks that
each one comes back.

Run:   sticky check 5 --serve --bind 127.0.0.1:7878     (or sticky serve 5)
       python3 lp_client_starter.py 127.0.0.1 7878
"""
import socket
import struct
import sys

MESSAGES = [b'hello', b'from the', b'client']

host, port = sys.argv[1], int(sys.argv[2])
sock = socket.create_connection((host, port), timeout=10)
for m in MESSAGES:
    sock.sendall(struct.pack('!I', len(m)) + m)
for m in MESSAGES:
    data = sock.recv(1024)
    echo = data[4:]
    print('sent', m, 'got back', echo)
    if echo != m:
        sys.exit(f'echo differs: sent {m!r}, got back {echo!r}')
sock.close()
print('every echo came back')
