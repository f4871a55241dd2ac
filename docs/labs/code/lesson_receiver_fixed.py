"""Lab 1's answer: the lesson's file receiver with its bugs fixed.

    python3 lesson_receiver_fixed.py HOST PORT OUTDIR

Against `sticky serve 6 --file F` (network byte order: no --little-endian),
directly or through `sticky proxy --cut 1..3`. Each fix is marked with the
number of the bug it fixes in lesson_receiver.py.
"""

import json
import os
import socket
import struct
import sys

MAX_HEADER = 64 * 1024   # more than any honest header needs (fixes bug 4)


def recv_exactly(sock, n):
    """recv(n) returns 1 to n bytes, or b'' once the peer has closed: loop.
    (fixes bugs 1 and 3)"""
    data = b''
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise SystemExit('connection closed after %d of %d bytes' % (len(data), n))
        data += chunk
    return data


if len(sys.argv) != 4:
    sys.exit('usage: python3 lesson_receiver_fixed.py HOST PORT OUTDIR')
HOST, PORT, OUTDIR = sys.argv[1], sys.argv[2], sys.argv[3]
if not PORT.isdigit() or not 0 < int(PORT) <= 65535:
    sys.exit('PORT must be a number from 1 to 65535, not %r' % PORT)
PORT = int(PORT)
if not os.path.isdir(OUTDIR):
    sys.exit('%s is not a folder' % OUTDIR)

try:
    sk = socket.create_connection((HOST, PORT))
except OSError as e:
    sys.exit('cannot connect to %s port %d: %s' % (HOST, PORT, e.strerror or e))

(length,) = struct.unpack('!I', recv_exactly(sk, 4))   # network order, unsigned (bug 2)
if length > MAX_HEADER:
    sys.exit('a header of %d bytes is over the limit of %d: '
             'do both sides use the same byte order?' % (length, MAX_HEADER))
try:
    header = json.loads(recv_exactly(sk, length).decode('utf-8'))
    name, size = header['filename'], header['filesize']
except (UnicodeDecodeError, ValueError, KeyError, TypeError) as e:
    sys.exit('bad header: %s' % e)
if not isinstance(name, str) or not isinstance(size, int) or size < 0:
    sys.exit('bad header: %r' % header)

name = os.path.basename(name.replace('\\', '/'))     # a bare name, inside OUTDIR (bug 7)
if name in ('', '.', '..'):
    sys.exit('refusing the file name %r' % header['filename'])
path = os.path.join(OUTDIR, name)
try:
    f = open(path, 'xb')                              # never replace a file (bug 7)
except FileExistsError:
    sys.exit('%s already exists; not replacing it' % path)

left = size
with f:
    while left:
        chunk = sk.recv(min(8192, left))              # never past the body (bug 5)
        if not chunk:                                 # the peer closed early (bug 6)
            break
        f.write(chunk)
        left -= len(chunk)
sk.close()
if left:
    os.remove(path)
    sys.exit('connection closed after %d of %d bytes of the file' % (size - left, size))
print('saved %s (%d bytes)' % (path, size))
