"""Demo 5, bug: socketserver, the header read with one recv(4)."""
import socketserver
import struct
import sys


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        conn = self.request
        while True:
            head = conn.recv(4)
            if not head:
                return
            (n,) = struct.unpack('!I', head)
            if n > 8 * 1024 * 1024:
                return
            payload = bytearray()
            while len(payload) < n:
                chunk = conn.recv(n - len(payload))
                if not chunk:
                    return
                payload += chunk
            conn.sendall(head + payload)


socketserver.ThreadingTCPServer.daemon_threads = True
with socketserver.ThreadingTCPServer((sys.argv[1], int(sys.argv[2])), Echo) as srv:
    print('listening on %s:%d' % srv.server_address[:2], flush=True)
    srv.serve_forever()
