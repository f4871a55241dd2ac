# Line server, correct framing, one client at a time.
# BUG: the second client waits in the backlog until the first leaves.
import socket
import sys

MAX = 65536
server = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    conn, _ = server.accept()
    buf = b''
    count = 0
    with conn:
        try:
            while True:
                while b'\n' in buf:
                    line, buf = buf.split(b'\n', 1)
                    count += 1
                    conn.sendall(b'line %d, %d bytes: %s\n' % (count, len(line), line))
                if len(buf) > MAX:
                    conn.sendall(b'error: too long\n')
                    break
                data = conn.recv(65536)
                if not data:
                    break
                buf += data
        except OSError:
            pass
