"""Lab 4, bug: reads until it has the bytes it wants, never looking for b''
(a close): when the server closes mid-echo it loops for ever."""
import socket
import struct
import sys

MESSAGES = [b'hello', b'from the', b'client']


def exactly(sock, n):
    data = b''
    while len(data) < n:
        data += sock.recv(n - len(data))
    return data


sock = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10)
for m in MESSAGES:
    sock.sendall(struct.pack('!I', len(m)) + m)
for m in MESSAGES:
    (n,) = struct.unpack('!I', exactly(sock, 4))
    if exactly(sock, n) != m:
        sys.exit('echo differs')
sock.close()
