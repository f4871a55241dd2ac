# Fixed-length echo server that reads whole records, and sends back the
# message inside each one.
# BUG: the padding is stripped, so the echo is not the record that came.
import socket
import sys
import threading

SIZE = int(sys.argv[3]) if len(sys.argv) > 3 else 32


def handle(conn):
    with conn:
        try:
            buf = b''
            while True:
                data = conn.recv(4096)
                if not data:
                    return
                buf += data
                while len(buf) >= SIZE:
                    record, buf = buf[:SIZE], buf[SIZE:]
                    conn.sendall(record.rstrip(b'\0'))
        except OSError:
            pass


server = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    c, _ = server.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
