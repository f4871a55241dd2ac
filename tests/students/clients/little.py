"""Lab 4, bug: lengths packed with struct.pack('<I'), as the lesson's 'i' on x86."""
import socket
import struct
import sys


def exactly(sock, n):
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError('closed')
        data += chunk
    return bytes(data)


MESSAGES = [b'hello', b'from the', b'client']
sock = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10)
try:
    for m in MESSAGES:
        sock.sendall(struct.pack('<I', len(m)) + m)
        (n,) = struct.unpack('<I', exactly(sock, 4))
        exactly(sock, n)
except ConnectionError:
    sys.exit('closed')
sock.close()
