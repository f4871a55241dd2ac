# Fixed-length echo server, records read right, one client at a time.
# BUG: no thread per client.
import socket
import sys

SIZE = int(sys.argv[3]) if len(sys.argv) > 3 else 32
server = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    conn, _ = server.accept()
    with conn:
        try:
            while True:
                record = b''
                while len(record) < SIZE:
                    part = conn.recv(SIZE - len(record))
                    if not part:
                        break
                    record += part
                if len(record) < SIZE:
                    break
                conn.sendall(record)
        except OSError:
            pass
