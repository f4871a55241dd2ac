# Line server that decodes whole lines only, so a character cut between two
# recv()s is never decoded in halves.
# BUG: str.splitlines() also ends lines at \r, \x0b, \x0c, \x1c-\x1e, \x85,
# U+2028 and U+2029.
import socket
import sys
import threading

MAX = 65536


def handle(conn):
    buf = b''
    n = 0
    with conn:
        try:
            while True:
                data = conn.recv(4096)
                if not data:
                    return
                buf += data
                if b'\n' not in buf:
                    if len(buf) > MAX:
                        conn.sendall(b'error: too long\n')
                        return
                    continue
                done, _, buf = buf.rpartition(b'\n')
                for line in done.decode('utf-8').splitlines():
                    n += 1
                    conn.sendall(f'{n}: {line}\n'.encode('utf-8'))
        except OSError:
            pass


server = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    c, a = server.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
