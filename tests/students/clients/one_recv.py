"""Lab 4, bug: one recv() taken for one echo."""
import socket
import struct
import sys

MESSAGES = [b'hello', b'from the', b'client']
sock = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10)
for m in MESSAGES:
    sock.sendall(struct.pack('!I', len(m)) + m)
for m in MESSAGES:
    if sock.recv(1024)[4:] != m:
        sys.exit('echo differs')
sock.close()
