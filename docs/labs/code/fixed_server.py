"""Protocol 4, fixed-length records: every record is SIZE bytes, and the
server sends each one back as it came.

Run:   python3 fixed_server.py 127.0.0.1 7878 [SIZE]     (SIZE: 32 unless given)
Check: sticky check 4 --to 127.0.0.1:7878 [--size SIZE]
"""
import socket
import sys
import threading

SIZE = int(sys.argv[3]) if len(sys.argv) > 3 else 32


def recv_record(conn):
    """SIZE bytes, or None if the client closed between two records."""
    data = bytearray()
    while len(data) < SIZE:
        chunk = conn.recv(SIZE - len(data))  # may return fewer bytes than asked
        if not chunk:
            if not data:
                return None
            raise ConnectionError(f'closed after {len(data)} of {SIZE} bytes')
        data += chunk
    return bytes(data)


def serve_client(conn, addr):
    with conn:
        try:
            while True:
                record = recv_record(conn)
                if record is None:
                    break
                print(addr, record.rstrip(b'\0'), flush=True)
                conn.sendall(record)
        except OSError as e:  # ConnectionError included
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
