"""Lab 5 starter: a line server. Every message ends with b'\n'; the server
answers each line with one line that holds it.

Run:   python3 line_server_starter.py 127.0.0.1 7878
Check: sticky check 7 --to 127.0.0.1:7878
"""
import socket
import sys
import threading


def serve_client(conn, addr):
    count = 0
    with conn:
        try:
            while True:
                data = conn.recv(1024)
                if not data:
                    break
                line = data.decode('utf-8').rstrip('\n')
                count += 1
                conn.sendall(f'line {count}, {len(line)} chars: {line}\n'.encode('utf-8'))
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
