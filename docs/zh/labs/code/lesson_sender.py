"""The original lesson's file sender (its "server"), re-created so it runs.

    python3 lesson_sender.py HOST PORT FILE
    python3 lesson_sender.py 127.0.0.1 7878 notes.pdf

It listens on HOST:PORT, prints `listening on HOST:PORT` (the real port when
PORT is 0), waits for ONE client, sends it FILE, and exits. The wire format
is the lesson's: a 4-byte length from struct 'i', the JSON header
{"filename", "filesize"}, then the file. Receive it with lesson_receiver.py,
or with `sticky connect 6 --little-endian --out DIR`.

Bugs kept on purpose (they are what the labs are about):
  1. The length is packed with struct 'i': the machine's own byte order,
     signed. On x86 and ARM that is little-endian; a receiver that expects
     network order ('!I') reads a different number.
  2. The length is len() of the JSON text, which counts characters, not the
     bytes that go out. It only works because json.dumps escapes non-ASCII
     characters by default.
  3. Every piece goes out with conn.send, which may take fewer bytes than it
     was given; the return value is ignored, so the rest would be lost
     (sendall loops until everything is taken).
  4. The file's size is taken before anyone connects and the body is read to
     the end later: a file that changes in between makes the header lie.
  5. The server closes the connection first, which leaves its port in
     TIME_WAIT: starting it again on the same port within a minute or so can
     fail with "Address already in use" (it never sets SO_REUSEADDR).

Changed from the lesson, because its code could not run anywhere but on its
author's machine: the file path (a hard-coded Windows path) comes from the
command line, and the header's filename is that file's own name; the address
(127.0.0.1:9000 in the lesson) comes from the command line; an address with a
':' is taken as IPv6. Added: the `listening on` line, and one-line errors for
a wrong command line or an address that cannot be bound.
"""

import json
import os
import socket
import struct
import sys


def usage(problem):
    sys.exit('usage: python3 lesson_sender.py HOST PORT FILE (%s)' % problem)


if len(sys.argv) != 4:
    usage('expected 3 arguments, got %d' % (len(sys.argv) - 1))
HOST, PORT, FILE = sys.argv[1], sys.argv[2], sys.argv[3]
if not PORT.isdigit() or int(PORT) > 65535:
    usage('PORT must be a number from 0 to 65535, not %r' % PORT)
PORT = int(PORT)
if not os.path.isfile(FILE):
    usage('%s is not a file' % FILE)

# The header is built first, size included, as the lesson does (bug 4).
header = {'filename': os.path.basename(FILE), 'filesize': os.path.getsize(FILE)}

family = socket.AF_INET6 if ':' in HOST else socket.AF_INET
server = socket.socket(family, socket.SOCK_STREAM)
try:
    server.bind((HOST, PORT))
except OSError as e:
    sys.exit('lesson_sender.py: cannot listen on %s port %d: %s' % (HOST, PORT, e.strerror or e))
server.listen()
host, port = server.getsockname()[:2]
print('listening on %s:%d' % ('[%s]' % host if family == socket.AF_INET6 else host, port), flush=True)

header_text = json.dumps(header)
length = struct.pack('i', len(header_text))   # bugs 1 and 2
conn, addr = server.accept()
conn.send(length)                             # bug 3, three times over
conn.send(header_text.encode('utf-8'))
with open(FILE, 'rb') as f:
    while True:
        piece = f.read(8192)
        if not piece:
            break
        conn.send(piece)
conn.close()
server.close()
