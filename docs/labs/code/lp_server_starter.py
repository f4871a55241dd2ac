"""Lab 2 starter: a length-prefix echo server. Each frame is a 4-byte
length ('!I') and then the payload; the server sends every frame back.

Run:   python3 lp_server_starter.py 127.0.0.1 7878
Check: sticky check 5 --to 127.0.0.1:7878
"""
import socket
import struct
import sys
import threading


def serve_client(conn, addr):
    with conn:
        try:
            while True:
                data = conn.recv(1024)
                if not data:
                    break
                message = data[4:]
                conn.sendall(struct.pack('!I', len(message)) + message)
        except OSError as e:
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
