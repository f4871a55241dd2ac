"""A student's length-prefix echo server (demo 05's format: a 4-byte '!I'
length, then that many bytes; every frame is sent back), written in one of
several styles, some right and some with a classic bug. The class test of
`sticky check 5 --class` grades a roster of these.

Run:   python3 lp_server.py 127.0.0.1 0 STYLE
       prints "listening on HOST:PORT", and exits when its stdin closes.

Right:  threads       a thread per client, a loop of recv() for every count
        socketserver  socketserver.ThreadingTCPServer, rfile.read(n)
        asyncio       asyncio streams, readexactly()
Buggy:  one-recv      one recv(65536) is taken for one whole frame
        recv4         the header is read with one recv(4)
        nomax         no maximum: believes any length
        little        lengths as '<I'
"""
import asyncio
import os
import socket
import socketserver
import struct
import sys
import threading

MAX_FRAME = 8 * 1024 * 1024


def exactly(conn, n):
    got = bytearray()
    while len(got) < n:
        chunk = conn.recv(min(n - len(got), 65536))
        if not chunk:
            raise ConnectionError('closed mid-frame')
        got += chunk
    return bytes(got)


def client(conn, style):
    fmt = '<I' if style == 'little' else '!I'
    with conn:
        try:
            while True:
                if style == 'one-recv':
                    data = conn.recv(65536)
                    if not data:
                        return
                    payload = data[4:]
                    conn.sendall(struct.pack(fmt, len(payload)) + payload)
                    continue
                if style == 'recv4':
                    head = conn.recv(4)
                    if len(head) < 4:
                        return
                else:
                    first = conn.recv(1)
                    if not first:
                        return
                    head = first + exactly(conn, 3)
                (n,) = struct.unpack(fmt, head)
                if n > MAX_FRAME and style != 'nomax':
                    return
                conn.sendall(struct.pack(fmt, n) + exactly(conn, n))
        except (OSError, struct.error):
            return


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        while True:
            head = self.rfile.read(4)
            if len(head) < 4:
                return
            (n,) = struct.unpack('!I', head)
            if n > MAX_FRAME:
                return
            payload = self.rfile.read(n)
            if len(payload) < n:
                return
            self.wfile.write(head + payload)


async def stream_client(reader, writer):
    try:
        while True:
            head = await reader.readexactly(4)
            (n,) = struct.unpack('!I', head)
            if n > MAX_FRAME:
                break
            writer.write(head + await reader.readexactly(n))
            await writer.drain()
    except (asyncio.IncompleteReadError, OSError):
        pass
    writer.close()


async def serve_asyncio(host, port):
    server = await asyncio.start_server(stream_client, host, port)
    print('listening on %s:%d' % server.sockets[0].getsockname()[:2], flush=True)
    async with server:
        await server.serve_forever()


def main():
    host, port, style = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    # The test's end of stdin closing is the signal to stop, whatever happens.
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    if style == 'asyncio':
        asyncio.run(serve_asyncio(host, port))
        return
    if style == 'socketserver':
        socketserver.ThreadingTCPServer.daemon_threads = True
        server = socketserver.ThreadingTCPServer((host, port), Handler)
        print('listening on %s:%d' % server.server_address[:2], flush=True)
        server.serve_forever()
        return
    srv = socket.socket()
    srv.bind((host, port))
    srv.listen(64)
    print('listening on %s:%d' % srv.getsockname()[:2], flush=True)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=client, args=(conn, style), daemon=True).start()


if __name__ == '__main__':
    main()
