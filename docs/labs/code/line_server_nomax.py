"""Protocol 7 with the buffering done right, but no limit: a client that
never sends a newline has everything it sends kept, for as long as it sends.

Run:   python3 line_server_nomax.py 127.0.0.1 7878
Check: sticky check 7 --to 127.0.0.1:7878
"""
import socket
import sys
import threading

def serve_client(conn, addr):
    count = 0
    buf = bytearray()  # bytes, not str: a character may be cut between two recv()s
    with conn:
        try:
            while True:
                # Every whole line already here first: one recv() may bring many.
                end = buf.find(b'\n')
                while end >= 0:
                    line = bytes(buf[:end])
                    del buf[:end + 1]
                    count += 1
                    conn.sendall(b'line %d, %d bytes: ' % (count, len(line)) + line + b'\n')
                    end = buf.find(b'\n')
                # BUG: nothing caps buf: it grows until a newline comes, if one ever does
                data = conn.recv(65536)
                if not data:  # the client closed: fine between lines
                    if buf:
                        print(f'{addr}: closed in the middle of a line', flush=True)
                    break
                buf += data
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
