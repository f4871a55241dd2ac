"""Protocol 6, upload: a file receiver. Each connection brings one file: a
4-byte length ('!I'), a UTF-8 JSON header {"filename", "filesize"[, "sha256"]},
then exactly filesize bytes. The receiver answers with a verdict in the same
framing: {"verdict": "saved"|"exists"|"digest_mismatch"|"bad_header"|"failed",
"filename": NAME}. A solution of lab 3.

Run:   python3 file_receiver_solution.py 127.0.0.1 7878 OUTDIR
Check: sticky check 6 --to 127.0.0.1:7878              (from any machine)
       sticky check 6 --to 127.0.0.1:7878 --dir OUTDIR (on this one: the disk too)
"""
import hashlib
import json
import os
import socket
import struct
import sys
import tempfile
import threading

MAX_HEADER = 64 * 1024
CHUNK = 8192


def recv_exactly(conn, n):
    """Exactly n bytes; ConnectionError if the sender closes before."""
    data = bytearray()
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError(f'closed after {len(data)} of {n} bytes')
        data += chunk
    return bytes(data)


class Refused(Exception):
    """An upload the receiver will not keep, with the verdict that says why."""

    def __init__(self, verdict, name, detail):
        super().__init__(detail)
        self.verdict, self.name = verdict, name


def safe_name(sent):
    """The last part of the sent name, so nothing lands outside OUTDIR: '/'
    and '\\' separate folders, and 'C:' names a drive on Windows."""
    if any(ord(c) < 32 for c in sent):
        raise Refused('bad_header', '', f'control characters in {sent!r}')
    name = sent.replace('\\', '/').split('/')[-1].split(':')[-1]
    if name in ('', '.', '..'):
        raise Refused('bad_header', '', f'refused the file name {sent!r}')
    return name


def answer(conn, verdict, name, detail=''):
    """The verdict frame; a sender that has gone changes nothing."""
    raw = json.dumps({'verdict': verdict, 'filename': name, 'detail': detail}).encode('utf-8')
    try:
        conn.sendall(struct.pack('!I', len(raw)) + raw)
    except OSError:
        pass


def receive(conn, outdir):
    (n,) = struct.unpack('!I', recv_exactly(conn, 4))
    if n > MAX_HEADER:
        raise Refused('bad_header', '', f'refused a header of {n} bytes')
    header = json.loads(recv_exactly(conn, n).decode('utf-8'))
    name = safe_name(header['filename'])
    filesize = int(header['filesize'])
    if os.path.exists(os.path.join(outdir, name)):
        raise Refused('exists', name, 'a file of that name is there already')
    # A temporary name until the last byte is in: a cut upload leaves nothing.
    fd, tmp = tempfile.mkstemp(dir=outdir, prefix='.' + name + '.', suffix='.part')
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, 'wb') as f:
            left = filesize
            while left:
                chunk = conn.recv(min(CHUNK, left))  # never past the body's end
                if not chunk:
                    raise ConnectionError(f'closed after {filesize - left} of {filesize} bytes')
                f.write(chunk)
                digest.update(chunk)
                left -= len(chunk)
        if header.get('sha256', digest.hexdigest()) != digest.hexdigest():
            raise Refused('digest_mismatch', name, 'the body does not match its sha256')
        os.replace(tmp, os.path.join(outdir, name))
    except BaseException:
        os.unlink(tmp)
        raise
    return name


def serve_client(conn, addr, outdir):
    with conn:
        try:
            name = receive(conn, outdir)
            answer(conn, 'saved', name)
            print(f'{addr}: saved {name}', flush=True)
        except Refused as e:
            answer(conn, e.verdict, e.name, str(e))
            print(f'{addr}: {e.verdict}: {e}', flush=True)
        except (OSError, ValueError, KeyError, struct.error) as e:
            answer(conn, 'failed', '', str(e))
            print(f'{addr}: {e}', flush=True)


def main():
    host, port, outdir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, port))
    srv.listen()
    print('listening on %s:%d' % srv.getsockname()[:2], flush=True)
    while True:
        conn, addr = srv.accept()
        threading.Thread(target=serve_client, args=(conn, addr, outdir), daemon=True).start()


if __name__ == '__main__':
    main()
