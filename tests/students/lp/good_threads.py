"""Demo 5, correct: a thread per client, exact reads in a loop."""
import socket
import struct
import sys
import threading

MAX = 8 * 1024 * 1024


def exactly(conn, n):
    data = bytearray()
    while len(data) < n:
        chunk = conn.recv(min(n - len(data), 1 << 16))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def serve(conn):
    with conn:
        while True:
            head = exactly(conn, 4)
            if head is None:
                return
            (n,) = struct.unpack('!I', head)
            if n > MAX:
                return
            payload = exactly(conn, n)
            if payload is None:
                return
            conn.sendall(head + payload)


srv = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % srv.getsockname()[:2], flush=True)
while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
