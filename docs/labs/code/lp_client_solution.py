"""A solution of lab 4: the same client, reading each echo as a 4-byte
length and then exactly that many bytes, however the server cuts or glues.

Run:   sticky check 5 --serve --bind 127.0.0.1:7878
       python3 lp_client_solution.py 127.0.0.1 7878
"""
import socket
import struct
import sys

MESSAGES = [b'hello', b'from the', b'client']


def recv_exactly(sock, n):
    """Exactly n bytes; ConnectionError if the server closes before."""
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(n - len(data))  # 1 to n - len(data) bytes
        if not chunk:
            raise ConnectionError(f'closed after {len(data)} of {n} bytes')
        data += chunk
    return bytes(data)


host, port = sys.argv[1], int(sys.argv[2])
sock = socket.create_connection((host, port), timeout=10)
for m in MESSAGES:
    sock.sendall(struct.pack('!I', len(m)) + m)
for m in MESSAGES:
    (n,) = struct.unpack('!I', recv_exactly(sock, 4))
    echo = recv_exactly(sock, n)
    print('sent', m, 'got back', echo)
    if echo != m:
        sys.exit(f'echo differs: sent {m!r}, got back {echo!r}')
sock.close()
print('every echo came back')
