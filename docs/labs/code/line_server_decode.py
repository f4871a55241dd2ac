"""Protocol 7, buffered and capped, but in text: each recv() is decoded as
UTF-8 on its own, and a character cut between two recv()s cannot be.

Run:   python3 line_server_decode.py 127.0.0.1 7878
Check: sticky check 7 --to 127.0.0.1:7878
"""
import socket
import sys
import threading

MAX_LINE = 64 * 1024  # a line's end may never come: cap what one line may hold


def serve_client(conn, addr):
    count = 0
    buf = ''
    with conn:
        try:
            while True:
                # Every whole line already here first: one recv() may bring many.
                end = buf.find('\n')
                while 0 <= end <= MAX_LINE:
                    line, buf = buf[:end], buf[end + 1:]
                    count += 1
                    conn.sendall(f'line {count}, {len(line)} chars: {line}\n'.encode('utf-8'))
                    end = buf.find('\n')
                # Checked before the next recv(), so the buffer never grows
                # past the limit by more than one recv().
                if end > MAX_LINE or len(buf) > MAX_LINE:
                    conn.sendall(b'error: no newline within %d bytes\n' % MAX_LINE)
                    break
                data = conn.recv(65536)
                if not data:  # the client closed: fine between lines
                    if buf:
                        print(f'{addr}: closed in the middle of a line', flush=True)
                    break
                buf += data.decode('utf-8')  # BUG: fails when a character is cut in two
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
