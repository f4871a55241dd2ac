# Fixed-length echo server that reads everything, then echoes the records.
# BUG: nothing comes back until the client closes its side.
import socket
import sys
import threading

SIZE = int(sys.argv[3]) if len(sys.argv) > 3 else 32


def handle(conn):
    with conn:
        try:
            data = bytearray()
            while chunk := conn.recv(65536):
                data += chunk
            whole = len(data) - len(data) % SIZE
            conn.sendall(data[:whole])
        except OSError:
            pass


server = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    c, _ = server.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
