# Line server, a thread per client: answers each line with "#N (LEN): LINE".
# Usage: python3 threads.py HOST PORT
import socket
import sys
import threading

LIMIT = 65536


def handle(conn):
    pending = b''
    n = 0
    with conn:
        while True:
            try:
                data = conn.recv(4096)
            except OSError:
                return
            if not data:
                return
            pending += data
            lines = pending.split(b'\n')
            pending = lines.pop()
            for line in lines:
                if len(line) > LIMIT:
                    conn.sendall(b'error: line too long\n')
                    return
                n += 1
                conn.sendall(b'#%d (%d): %s\n' % (n, len(line), line))
            if len(pending) > LIMIT:
                conn.sendall(b'error: line too long\n')
                return


server = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    c, _ = server.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
