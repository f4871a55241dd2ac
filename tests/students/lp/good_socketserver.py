"""Demo 5, correct: socketserver, the stream read as a file (rfile.read(n) reads n)."""
import socketserver
import struct
import sys


class Echo(socketserver.StreamRequestHandler):
    def handle(self):
        while True:
            head = self.rfile.read(4)
            if len(head) < 4:
                return
            (n,) = struct.unpack('!I', head)
            if n > 8 * 1024 * 1024:
                return
            payload = self.rfile.read(n)
            if len(payload) < n:
                return
            self.wfile.write(head + payload)


socketserver.ThreadingTCPServer.daemon_threads = True
with socketserver.ThreadingTCPServer((sys.argv[1], int(sys.argv[2])), Echo) as srv:
    print('listening on %s:%d' % srv.server_address[:2], flush=True)
    srv.serve_forever()
