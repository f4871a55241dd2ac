# Line server that ignores blank lines.
# BUG: an empty line is a line, and gets no answer.
import socket
import sys
import threading

MAX = 65536


def handle(conn):
    buf = bytearray()
    n = 0
    with conn:
        try:
            while True:
                nl = buf.find(b'\n')
                if nl >= 0:
                    line = bytes(buf[:nl])
                    del buf[:nl + 1]
                    if line:
                        n += 1
                        conn.sendall(b'%d> %s\n' % (n, line))
                    continue
                if len(buf) > MAX:
                    conn.sendall(b'error\n')
                    return
                data = conn.recv(65536)
                if not data:
                    return
                buf += data
        except OSError:
            pass


server = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    c, a = server.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
