# Echo server, but one client at a time: the next waits in the backlog.
# BUG: no thread per client.
import socket
import sys

server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((sys.argv[1], int(sys.argv[2])))
server.listen(5)
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    conn, addr = server.accept()
    with conn:
        try:
            while True:
                data = conn.recv(1024)
                if not data:
                    break
                conn.sendall(data)
        except OSError:
            pass
