"""Demo 5, bug: the echo's length counts the header's own 4 bytes."""
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
        while True:
            head = exactly(conn, 4)
            if head is None:
                return
            (n,) = struct.unpack('!I', head)
            if n > 8 * 1024 * 1024:
                return
            payload = exactly(conn, n)
            if payload is None:
                return
            conn.sendall(struct.pack('!I', 4 + len(payload)) + payload)


srv = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % srv.getsockname()[:2], flush=True)
while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
