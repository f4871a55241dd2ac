"""Lab 3 starter: a file receiver for protocol 6, the lesson's receiving
side turned into a server. Each connection brings one file: a 4-byte length
('!I'), a JSON header {"filename", "filesize"}, then the file's bytes.

Run:   python3 file_receiver_starter.py 127.0.0.1 7878 OUTDIR
Check: sticky check 6 --to 127.0.0.1:7878 --dir OUTDIR
"""
import json
import os
import socket
import struct
import sys
import threading


def receive(conn, outdir):
    header_len = struct.unpack('!I', conn.recv(4))[0]
    header = json.loads(conn.recv(header_len).decode('utf-8'))
    filesize = header['filesize']
    with open(os.path.join(outdir, header['filename']), 'wb') as f:
        while filesize:
            data = conn.recv(8192)
            filesize -= len(data)
            f.write(data)
    print('saved', header['filename'], flush=True)


def serve_client(conn, outdir):
    with conn:
        receive(conn, outdir)


def main():
    host, port, outdir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, port))
    srv.listen()
    print('listening on %s:%d' % srv.getsockname()[:2], flush=True)
    while True:
        conn, addr = srv.accept()
        threading.Thread(target=serve_client, args=(conn, outdir), daemon=True).start()


if __name__ == '__main__':
    main()
