"""Demo 6, bug: right protocol, but one sender at a time."""
import hashlib
import json
import os
import socket
import struct
import sys
import threading

MAX_HEADER = 64 * 1024


def exactly(conn, n):
    data = bytearray()
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError(f'closed after {len(data)} of {n} bytes')
        data += chunk
    return bytes(data)


def answer(conn, verdict, name, detail=''):
    raw = json.dumps({'verdict': verdict, 'filename': name, 'detail': detail}).encode()
    try:
        conn.sendall(struct.pack('!I', len(raw)) + raw)
    except OSError:
        pass


def bare(sent):
    if any(ord(c) < 32 for c in sent):
        return None
    name = sent.replace('\\', '/').split('/')[-1].split(':')[-1]
    return None if name in ('', '.', '..') else name


def receive(conn, outdir):
    (n,) = struct.unpack('!I', exactly(conn, 4))
    if n > MAX_HEADER:
        return answer(conn, 'bad_header', '', 'header too long')
    header = json.loads(exactly(conn, n).decode('utf-8'))
    name = bare(header['filename'])
    if name is None:
        return answer(conn, 'bad_header', '', 'unsafe name')
    target = os.path.join(outdir, name)
    if os.path.exists(target):
        return answer(conn, 'exists', name)
    tmp = os.path.join(outdir, '.%s.%d.part' % (name, threading.get_ident()))
    digest = hashlib.sha256()
    try:
        with open(tmp, 'wb') as f:
            left = header['filesize']
            while left:
                chunk = conn.recv(min(8192, left))
                if not chunk:
                    raise ConnectionError('body cut short')
                f.write(chunk)
                digest.update(chunk)
                left -= len(chunk)
        if header.get('sha256', digest.hexdigest()) != digest.hexdigest():
            os.unlink(tmp)
            return answer(conn, 'digest_mismatch', name)
        os.rename(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    answer(conn, 'saved', name)


def serve(conn, outdir):
    with conn:
        try:
            receive(conn, outdir)
        except (OSError, ValueError, KeyError, struct.error) as e:
            answer(conn, 'failed', '', str(e))


srv = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % srv.getsockname()[:2], flush=True)
while True:
    c, _ = srv.accept()
    serve(c, sys.argv[3])
