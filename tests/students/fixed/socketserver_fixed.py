# Fixed-length echo server with socketserver: rfile.read(SIZE) on a buffered
# binary file returns SIZE bytes, or fewer only at the end of the stream.
# Usage: python3 socketserver_fixed.py HOST PORT [SIZE]
import socketserver
import sys

SIZE = int(sys.argv[3]) if len(sys.argv) > 3 else 32


class Records(socketserver.StreamRequestHandler):
    def handle(self):
        try:
            while True:
                record = self.rfile.read(SIZE)
                if len(record) < SIZE:
                    return  # closed, between records or inside one
                self.wfile.write(record)
        except OSError:
            return


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


with Server((sys.argv[1], int(sys.argv[2])), Records) as srv:
    print('listening on %s:%d' % srv.server_address, flush=True)
    srv.serve_forever()
