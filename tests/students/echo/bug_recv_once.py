# Echo server that answers one recv() and hangs up.
# BUG: one recv() is taken for the whole message.
import socket
import sys
import threading


def handle(conn):
    with conn:
        try:
            data = conn.recv(65536)
            conn.sendall(data)
        except OSError:
            pass


server = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    c, a = server.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
