"""Demo 5, bug: answers the first frame of a connection, then closes it."""
import socket
import struct
import sys
import threading


def exactly(conn, n):
    data = bytearray()
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def serve(conn):
    with conn:
        head = exactly(conn, 4)
        if head is None:
            return
        (n,) = struct.unpack('!I', head)
        if n > 8 * 1024 * 1024:
            return
        payload = exactly(conn, n)
        if payload is not None:
            conn.sendall(head + payload)


srv = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % srv.getsockname()[:2], flush=True)
while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
