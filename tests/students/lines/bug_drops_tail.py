# Line server that answers every whole line of each recv().
# BUG: the bytes after the last newline of a recv() are thrown away instead
# of being kept for the next one.
import socket
import sys
import threading


def handle(conn):
    n = 0
    with conn:
        try:
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                if len(data) == 65536 and b'\n' not in data:
                    conn.sendall(b'error: too long\n')
                    return
                for line in data.split(b'\n')[:-1]:
                    n += 1
                    conn.sendall(b'line %d: %s\n' % (n, line))
        except OSError:
            pass


server = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    c, a = server.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
