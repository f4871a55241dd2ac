# Line server with a limit: a line that grows too long is answered "error"
# and its bytes are thrown away until the next newline.
# BUG: after "error" it keeps the connection open and keeps reading.
import socket
import sys
import threading

MAX = 65536


def handle(conn):
    buf = b''
    n = 0
    skipping = False
    with conn:
        try:
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                buf += data
                while b'\n' in buf:
                    line, buf = buf.split(b'\n', 1)
                    if skipping:
                        skipping = False
                        continue
                    n += 1
                    conn.sendall(b'line %d: %s\n' % (n, line))
                if len(buf) > MAX:
                    if not skipping:
                        conn.sendall(b'error: line too long\n')
                    skipping = True
                    buf = b''
        except OSError:
            pass


server = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    c, a = server.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
