"""Protocol 5, with the classic bug of the lesson's receiver: one recv(4)
for the header and one recv(n) for the payload. It works on loopback, where
a small frame arrives whole; `sticky check 5` cuts the stream and it fails.

Run:   python3 lp_server_recv4.py 127.0.0.1 7878
Check: sticky check 5 --to 127.0.0.1:7878
"""
import socket
import struct
import sys
import threading

MAX_FRAME = 8 * 1024 * 1024


def serve_client(conn, addr):
    with conn:
        try:
            while True:
                header = conn.recv(4)  # BUG: may return 1, 2 or 3 bytes
                if not header:
                    break
                (n,) = struct.unpack('!I', header)  # struct.error on a short header
                if n > MAX_FRAME:
                    break
                payload = conn.recv(n)  # BUG: may return fewer than n bytes
                conn.sendall(struct.pack('!I', len(payload)) + payload)
        except (OSError, struct.error) as e:
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
