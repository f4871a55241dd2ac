# Fixed-length echo server that loops until it has a whole record.
# BUG: it asks recv(SIZE) instead of recv(SIZE - len(got)), so one recv()
# can take the start of the next record too, and record[:SIZE] drops it.
import socket
import sys
import threading

SIZE = int(sys.argv[3]) if len(sys.argv) > 3 else 32


def handle(conn):
    with conn:
        try:
            while True:
                got = b''
                while len(got) < SIZE:
                    chunk = conn.recv(SIZE)
                    if not chunk:
                        return
                    got += chunk
                conn.sendall(got[:SIZE])
        except OSError:
            pass


server = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    c, _ = server.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
