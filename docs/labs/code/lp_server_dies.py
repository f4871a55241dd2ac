"""Protocol 5 with exact reads and a maximum, but no error handling per
connection, and one client at a time: when a client hangs up in the middle
of a frame, the error ends the whole server.

Run:   python3 lp_server_dies.py 127.0.0.1 7878
Check: sticky check 5 --to 127.0.0.1:7878
"""
import socket
import struct
import sys

MAX_FRAME = 8 * 1024 * 1024


def recv_exactly(conn, n):
    """Exactly n bytes; ConnectionError if the client closes before."""
    data = bytearray()
    while len(data) < n:
        chunk = conn.recv(min(n - len(data), 65536))
        if not chunk:
            raise ConnectionError(f'closed after {len(data)} of {n} bytes')
        data += chunk
    return bytes(data)


def serve_client(conn):
    while True:
        first = conn.recv(4)
        if not first:
            return
        (n,) = struct.unpack('!I', first + recv_exactly(conn, 4 - len(first)))
        if n > MAX_FRAME:
            return
        payload = recv_exactly(conn, n)
        conn.sendall(struct.pack('!I', n) + payload)


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, port))
    srv.listen()
    print('listening on %s:%d' % srv.getsockname()[:2], flush=True)
    while True:
        conn, addr = srv.accept()
        serve_client(conn)  # BUG: no try/except: one client's error ends the server
        conn.close()


if __name__ == '__main__':
    main()
