# Line server, one thread, selectors. Answers each line with "[LEN] LINE".
# Usage: python3 selectors_lines.py HOST PORT
import selectors
import socket
import sys

MAX = 64 * 1024
sel = selectors.DefaultSelector()


class Client:
    def __init__(self, sock):
        self.sock = sock
        self.inbox = bytearray()
        self.outbox = bytearray()
        self.closing = False


def update(c):
    mask = 0 if c.closing else selectors.EVENT_READ
    if c.outbox:
        mask |= selectors.EVENT_WRITE
    if mask == 0:
        sel.unregister(c.sock)
        c.sock.close()
    else:
        sel.modify(c.sock, mask, c)


def on_read(c):
    try:
        data = c.sock.recv(65536)
    except BlockingIOError:
        return
    except OSError:
        data = b''
    if not data:
        c.closing = True
        return
    c.inbox += data
    while True:
        end = c.inbox.find(b'\n')
        if end < 0:
            break
        line = bytes(c.inbox[:end])
        del c.inbox[:end + 1]
        if len(line) > MAX:
            c.outbox += b'error: too long\n'
            c.closing = True
            return
        c.outbox += b'[%d] %s\n' % (len(line), line)
    if len(c.inbox) > MAX:
        c.outbox += b'error: too long\n'
        c.closing = True


def on_write(c):
    try:
        sent = c.sock.send(c.outbox)
        del c.outbox[:sent]
    except BlockingIOError:
        pass
    except OSError:
        c.outbox.clear()
        c.closing = True


server = socket.socket()
server.bind((sys.argv[1], int(sys.argv[2])))
server.listen()
server.setblocking(False)
sel.register(server, selectors.EVENT_READ)
print('listening on %s:%d' % server.getsockname(), flush=True)
while True:
    for key, mask in sel.select():
        if key.fileobj is server:
            conn, _ = server.accept()
            conn.setblocking(False)
            sel.register(conn, selectors.EVENT_READ, Client(conn))
            continue
        c = key.data
        if mask & selectors.EVENT_READ and not c.closing:
            on_read(c)
        if mask & selectors.EVENT_WRITE or c.outbox:
            on_write(c)
        update(c)
