# Echo server, one thread per client. Usage: python3 threads.py HOST PORT
import socket
import sys
import threading


def handle(conn):
    try:
        while True:
            chunk = conn.recv(4096)
            if chunk == b'':
                break
            conn.sendall(chunk)
    except ConnectionError:
        pass
    finally:
        conn.close()


server = socket.create_server((sys.argv[1], int(sys.argv[2])))
print('listening on {}:{}'.format(*server.getsockname()), flush=True)
while True:
    client, _ = server.accept()
    threading.Thread(target=handle, args=(client,), daemon=True).start()
