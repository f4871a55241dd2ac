"""Protocol 5 with the other byte order: the solution of lab 2, but its
length is little-endian ('<I'), as the lesson's struct.pack('i', n) is on x86.

Run:   python3 lp_server_little.py 127.0.0.1 7878
Check: sticky check 5 --to 127.0.0.1:7878                   (names the byte order)
       sticky check 5 --to 127.0.0.1:7878 --little-endian   (passes)
"""
import socket
import struct
import sys
import threading

FORMAT = '<I'  # little-endian: the bytes of the length in reverse order
MAX_FRAME = 8 * 1024 * 1024  # the length is the client's claim: check it


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
                if n > MAX_FRAME:  # refuse before reading (or allocating) anything
                    print(f'{addr}: refused a frame of {n} bytes', flush=True)
                    break
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
