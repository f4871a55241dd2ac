# Echo server that works on text, the way the chat examples do.
# BUG: bytes that are not UTF-8 make decode() raise, and the client's
# connection dies with the handler.
import socket
import sys
import threading


def handle(conn):
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                break
            text = data.decode('utf-8')
            conn.sendall(text.encode('utf-8'))


server = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    c, a = server.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
