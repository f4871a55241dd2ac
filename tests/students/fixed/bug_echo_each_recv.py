# Fixed-length echo server that reads a record with recv(SIZE).
# BUG: each recv() is echoed as it comes, whole record or not.
import socket
import sys
import threading

SIZE = int(sys.argv[3]) if len(sys.argv) > 3 else 32


def handle(conn):
    with conn:
        try:
            while True:
                record = conn.recv(SIZE)
                if not record:
                    break
                conn.sendall(record)
        except OSError:
            pass


server = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    c, _ = server.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
