# Echo server with a timeout per client, so a silent client cannot hold a
# thread forever.
# BUG: send() where sendall() is needed: on a socket with a timeout, send()
# takes only what fits in the send buffer, and the rest is lost.
import socket
import sys
import threading


def handle(conn):
    conn.settimeout(10)
    with conn:
        try:
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                conn.send(data)
        except OSError:
            pass


server = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    c, a = server.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
