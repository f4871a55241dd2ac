# Fixed-length echo server: every record is SIZE bytes; each goes back whole.
# Usage: python3 threads.py HOST PORT [SIZE]
import socket
import sys
import threading

SIZE = int(sys.argv[3]) if len(sys.argv) > 3 else 32


def read_exactly(conn, n):
    parts = []
    while n:
        part = conn.recv(n)
        if not part:
            return None
        parts.append(part)
        n -= len(part)
    return b''.join(parts)


def handle(conn):
    with conn:
        try:
            while (record := read_exactly(conn, SIZE)) is not None:
                conn.sendall(record)
        except OSError:
            pass


server = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    c, _ = server.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
