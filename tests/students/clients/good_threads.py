"""Lab 4, correct: sends its messages, reads each echo as a length and
exactly that many bytes, and stops with an error on a close mid-echo."""
import socket
import struct
import sys

MESSAGES = [b'hello', b'from the', b'client', b'', 'ünïcode 笔记'.encode()]


def exactly(sock, n):
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError(f'closed after {len(data)} of {n} bytes')
        data += chunk
    return bytes(data)


sock = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10)
for m in MESSAGES:
    sock.sendall(struct.pack('!I', len(m)) + m)
try:
    for m in MESSAGES:
        (n,) = struct.unpack('!I', exactly(sock, 4))
        if exactly(sock, n) != m:
            sys.exit('echo differs')
except ConnectionError as e:
    sys.exit(f'error: {e}')
sock.close()
print('every echo came back')
