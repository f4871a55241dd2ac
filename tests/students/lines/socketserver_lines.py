# Line server with socketserver: rfile.readline() in binary mode, with a limit.
# Usage: python3 socketserver_lines.py HOST PORT
import socketserver
import sys

MAX = 65536


class Lines(socketserver.StreamRequestHandler):
    def handle(self):
        k = 0
        while True:
            try:
                line = self.rfile.readline(MAX + 1)
            except OSError:
                return
            if not line:
                return
            if not line.endswith(b'\n'):
                if len(line) > MAX:
                    self.wfile.write(b'error: line longer than %d bytes\n' % MAX)
                return  # too long, or the client closed mid-line
            k += 1
            self.wfile.write(b'got line %d: ' % k + line)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True


with Server((sys.argv[1], int(sys.argv[2])), Lines) as srv:
    print('listening on %s:%d' % srv.server_address, flush=True)
    srv.serve_forever()
