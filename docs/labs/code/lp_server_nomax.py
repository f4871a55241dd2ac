"""Protocol 5 with exact reads done right, but no maximum: a client that
announces 4 GiB, or 8 MiB + 1, keeps this server waiting for it.

Run:   python3 lp_server_nomax.py 127.0.0.1 7878
Check: sticky check 5 --to 127.0.0.1:7878
"""
import socket
import struct
import sys
import threading

FORMAT = '!I'  # network byte order, unsigned: the same bytes on every machine


def recv_exactly(conn, n):
    """Exactly n bytes; ConnectionError if the client closes before."""
    data = bytearray()
    while len(data) < n:
        # recv() returns as soon as some bytes are there: 1 to the number asked.
        chunk = conn.recv(min(n - len(data), 65536))
        if not chunk:
            raise ConnectionError(f'closed after {len(data)} of {n} bytes')
        data += chunk
    return bytes(data)


def recv_header(conn):
    """The 4-byte length, or None if the client closed between two frames."""
    first = conn.recv(4)
    if not first:
        return None
    (n,) = struct.unpack(FORMAT, first + recv_exactly(conn, 4 - len(first)))
    return n


def serve_client(conn, addr):
    with conn:
        try:
            while True:
                n = recv_header(conn)
                if n is None:  # a normal end
                    break
                # BUG: n is the client's claim, and nothing checks it against a maximum
                payload = recv_exactly(conn, n)
                conn.sendall(struct.pack(FORMAT, n) + payload)
        except OSError as e:  # one client's trouble ends only its own connection
            print(f'{addr}: {e}', flush=True)


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, port))
    srv.listen()
    print('listening on %s:%d' % srv.getsockname()[:2], flush=True)
    while True:
        conn, addr = srv.accept()
        threading.Thread(target=serve_client, args=(conn, addr), daemon=True).start()


if __name__ == '__main__':
    main()
