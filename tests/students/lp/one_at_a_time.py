"""Demo 5, bug: right framing, but one client at a time (no thread per client)."""
import socket
import struct
import sys


def exactly(conn, n):
    data = bytearray()
    while len(data) < n:
        chunk = conn.recv(min(n - len(data), 1 << 16))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


srv = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % srv.getsockname()[:2], flush=True)
while True:
    conn, _ = srv.accept()
    with conn:
        try:
            while True:
                head = exactly(conn, 4)
                if head is None:
                    break
                (n,) = struct.unpack('!I', head)
                if n > 8 * 1024 * 1024:
                    break
                payload = exactly(conn, n)
                if payload is None:
                    break
                conn.sendall(head + payload)
        except ConnectionError:
            pass
