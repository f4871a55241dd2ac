# Echo server in one thread with selectors: non-blocking sockets, and an
# outgoing buffer per client for what send() could not take yet.
# Usage: python3 selectors_echo.py HOST PORT
import selectors
import socket
import sys

sel = selectors.DefaultSelector()
pending = {}


def accept(server):
    conn, _ = server.accept()
    conn.setblocking(False)
    pending[conn] = bytearray()
    sel.register(conn, selectors.EVENT_READ, serve)


def close(conn):
    sel.unregister(conn)
    del pending[conn]
    conn.close()


def serve(conn, mask):
    out = pending[conn]
    if mask & selectors.EVENT_READ:
        try:
            data = conn.recv(65536)
        except (BlockingIOError, InterruptedError):
            data = None
        except OSError:
            return close(conn)
        if data == b'':
            if not out:
                return close(conn)
            sel.modify(conn, selectors.EVENT_WRITE, serve)  # finish sending first
        elif data:
            out += data
    if out:
        try:
            sent = conn.send(out)
            del out[:sent]
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:
            return close(conn)
    events = sel.get_key(conn).events
    if events == selectors.EVENT_WRITE and not out:
        return close(conn)  # the client had closed; all is sent
    if events != selectors.EVENT_WRITE:
        want = selectors.EVENT_READ | (selectors.EVENT_WRITE if out else 0)
        if want != events:
            sel.modify(conn, want, serve)


server = socket.socket()
server.bind((sys.argv[1], int(sys.argv[2])))
server.listen(64)
server.setblocking(False)
sel.register(server, selectors.EVENT_READ, None)
print('listening on %s:%d' % server.getsockname()[:2], flush=True)
while True:
    for key, mask in sel.select():
        if key.data is None:
            accept(key.fileobj)
        else:
            key.data(key.fileobj, mask)
