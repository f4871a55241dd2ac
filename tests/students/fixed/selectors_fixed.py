# Fixed-length echo server, single-threaded with selectors.
# Usage: python3 selectors_fixed.py HOST PORT [SIZE]
import selectors
import socket
import sys

SIZE = int(sys.argv[3]) if len(sys.argv) > 3 else 32
sel = selectors.DefaultSelector()
state = {}  # socket -> [bytes in, bytes out, reading]


def drop(sock):
    sel.unregister(sock)
    state.pop(sock)
    sock.close()


def on_event(sock, mask):
    inbox, outbox, reading = state[sock]
    if mask & selectors.EVENT_READ:
        try:
            data = sock.recv(65536)
        except BlockingIOError:
            data = None
        except OSError:
            return drop(sock)
        if data == b'':
            state[sock][2] = reading = False
        elif data:
            inbox += data
            whole = len(inbox) - len(inbox) % SIZE
            outbox += inbox[:whole]
            del inbox[:whole]
    if outbox:
        try:
            del outbox[:sock.send(outbox)]
        except BlockingIOError:
            pass
        except OSError:
            return drop(sock)
    if not reading and not outbox:
        return drop(sock)
    mask = (selectors.EVENT_READ if reading else 0) | (selectors.EVENT_WRITE if outbox else 0)
    sel.modify(sock, mask, on_event)


server = socket.socket()
server.bind((sys.argv[1], int(sys.argv[2])))
server.listen()
server.setblocking(False)
sel.register(server, selectors.EVENT_READ, None)
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    for key, mask in sel.select():
        if key.data is None:
            conn, _ = server.accept()
            conn.setblocking(False)
            state[conn] = [bytearray(), bytearray(), True]
            sel.register(conn, selectors.EVENT_READ, on_event)
        else:
            key.data(key.fileobj, mask)
