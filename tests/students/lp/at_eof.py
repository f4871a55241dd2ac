"""Demo 5, bug: reads until the client closes, then echoes every frame at once."""
import socketserver
import struct
import sys


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        data = bytearray()
        while True:
            chunk = self.request.recv(65536)
            if not chunk:
                break
            data += chunk
            if len(data) >= 4 and struct.unpack('!I', data[:4])[0] > 8 * 1024 * 1024:
                return
        out = bytearray()
        while len(data) >= 4:
            (n,) = struct.unpack('!I', data[:4])
            if len(data) < 4 + n:
                break
            out += data[:4 + n]
            del data[:4 + n]
        self.request.sendall(out)


socketserver.ThreadingTCPServer.daemon_threads = True
with socketserver.ThreadingTCPServer((sys.argv[1], int(sys.argv[2])), Echo) as srv:
    print('listening on %s:%d' % srv.server_address[:2], flush=True)
    srv.serve_forever()
