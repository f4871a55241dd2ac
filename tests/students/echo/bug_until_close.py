# Echo server that collects everything first, then sends it back.
# BUG: nothing comes back until the client closes its side.
import socket
import sys
import threading


def handle(conn):
    with conn:
        data = b''
        try:
            while True:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
            conn.sendall(data)
        except OSError:
            pass


server = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    c, a = server.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
