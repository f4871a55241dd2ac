"""Protocol 1, an echo server: every byte that arrives goes back as it came.

Run:   python3 echo_server.py 127.0.0.1 7878
Check: sticky check 1 --to 127.0.0.1:7878
"""
import socket
import sys
import threading


def serve_client(conn, addr):
    with conn:
        try:
            while True:
                data = conn.recv(65536)
                if not data:  # b'': the client closed its side
                    break
                conn.sendall(data)  # send() may take only part; sendall() loops
        except OSError as e:  # a vanished client costs only its own connection
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
