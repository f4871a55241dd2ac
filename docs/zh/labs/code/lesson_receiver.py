"""The original lesson's file receiver (its "client"), re-created so it runs.

    python3 lesson_receiver.py HOST PORT OUTDIR
    python3 lesson_receiver.py 127.0.0.1 7878 received

It connects to HOST:PORT, reads the lesson's format (a 4-byte struct 'i'
length, the JSON header {"filename", "filesize"}, then the file), writes the
file into OUTDIR under the name the header gives, and prints where it went.
Its sender is lesson_sender.py, or `sticky serve 6 --file F --little-endian`.

Bugs kept on purpose (lab 1 is about finding and fixing them):
  1. recv(4) is trusted to return 4 bytes. It returns whatever has arrived,
     1 to 4 bytes; with fewer, struct.unpack raises struct.error.
  2. struct 'i' is the machine's own byte order, signed: it only matches a
     sender on a machine of the same kind ('!I' is the network's order).
  3. recv(length) is trusted to return the whole header. It may return part
     of it, and json.loads fails on half a JSON text; the rest of the header
     would then be taken for the file.
  4. The header's length is not checked before recv allocates for it.
  5. The body loop asks for 8192 bytes even when fewer remain, so anything
     the sender wrote after the file would be swallowed into it.
  6. When the sender closes early, recv returns b'' forever, the count of
     bytes left never shrinks, and `while left:` spins at full CPU, forever.
     A sender that sends more than it announced drives the count below zero,
     which `while left:` also never stops on.
  7. The header's filename is trusted: "../../x" or an absolute path writes
     outside OUTDIR, and an existing file is overwritten without a word.

Changed from the lesson, because its code could not run anywhere but on its
author's machine: the output path (a hard-coded Windows path) is OUTDIR
joined with the header's filename, and the address (127.0.0.1:9000 in the
lesson) comes from the command line; an address with a ':' is taken as IPv6.
Added: the closing `saved` line, and one-line errors for a wrong command line
or a server that cannot be reached. Errors from the protocol itself come out
as the lesson's would: as Python tracebacks.
"""

import json
import os
import socket
import struct
import sys


def usage(problem):
    sys.exit('usage: python3 lesson_receiver.py HOST PORT OUTDIR (%s)' % problem)


if len(sys.argv) != 4:
    usage('expected 3 arguments, got %d' % (len(sys.argv) - 1))
HOST, PORT, OUTDIR = sys.argv[1], sys.argv[2], sys.argv[3]
if not PORT.isdigit() or not 0 < int(PORT) <= 65535:
    usage('PORT must be a number from 1 to 65535, not %r' % PORT)
PORT = int(PORT)
if not os.path.isdir(OUTDIR):
    usage('%s is not a folder' % OUTDIR)

family = socket.AF_INET6 if ':' in HOST else socket.AF_INET
sk = socket.socket(family, socket.SOCK_STREAM)
try:
    sk.connect((HOST, PORT))
except OSError as e:
    sys.exit('lesson_receiver.py: cannot connect to %s port %d: %s' % (HOST, PORT, e.strerror or e))

length = struct.unpack('i', sk.recv(4))[0]           # bugs 1 and 2
header = json.loads(sk.recv(length).decode('utf-8'))  # bugs 3 and 4
path = os.path.join(OUTDIR, header['filename'])      # bug 7
with open(path, 'wb') as f:
    left = header['filesize']
    while left:                                      # bug 6
        data = sk.recv(8192)                         # bug 5
        left -= len(data)
        f.write(data)
sk.close()
print('saved %s (%d bytes)' % (path, header['filesize']))
