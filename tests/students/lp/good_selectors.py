"""Demo 5, correct: one thread, selectors, a buffer per connection."""
import selectors
import socket
import struct
import sys

MAX = 8 * 1024 * 1024
sel = selectors.DefaultSelector()
srv = socket.create_server((sys.argv[1], int(sys.argv[2])))
srv.setblocking(False)
sel.register(srv, selectors.EVENT_READ)
print('listening on %s:%d' % srv.getsockname()[:2], flush=True)
state = {}  # conn -> [inbox, outbox]


def close(conn):
    sel.unregister(conn)
    state.pop(conn, None)
    conn.close()


while True:
    for key, events in sel.select():
        sock = key.fileobj
        if sock is srv:
            conn, _ = srv.accept()
            conn.setblocking(False)
            state[conn] = [bytearray(), bytearray()]
            sel.register(conn, selectors.EVENT_READ)
            continue
        inbox, outbox = state[sock]
        if events & selectors.EVENT_READ:
            try:
                data = sock.recv(65536)
            except ConnectionError:
                close(sock)
                continue
            if not data:
                if outbox:
                    sock.setblocking(True)
                    sock.sendall(outbox)
                close(sock)
                continue
            inbox += data
            bad = False
            while len(inbox) >= 4:
                (n,) = struct.unpack('!I', inbox[:4])
                if n > MAX:
                    bad = True
                    break
                if len(inbox) < 4 + n:
                    break
                outbox += inbox[:4 + n]
                del inbox[:4 + n]
            if bad:
                close(sock)
                continue
        if outbox:
            try:
                sent = sock.send(outbox)
                del outbox[:sent]
            except BlockingIOError:
                pass
            except ConnectionError:
                close(sock)
                continue
        sel.modify(sock, selectors.EVENT_READ | (selectors.EVENT_WRITE if outbox else 0))
