# Line server that reads the whole conversation, then answers every line.
# BUG: no answer comes until the client closes its side.
import socket
import sys
import threading

MAX = 65536


def handle(conn):
    with conn:
        try:
            data = b''
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                data += chunk
                if len(data) - (data.rfind(b'\n') + 1) > MAX:
                    conn.sendall(b'error: line too long\n')
                    return
            lines = data.split(b'\n')
            for n, line in enumerate(lines[:-1], 1):
                conn.sendall(b'%d: %s\n' % (n, line))
        except OSError:
            pass


server = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    c, _ = server.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
