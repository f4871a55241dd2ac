# Echo server with socketserver. Usage: python3 socketserver_echo.py HOST PORT
import socketserver
import sys


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            try:
                data = self.request.recv(8192)
            except OSError:
                return
            if not data:
                return
            try:
                self.request.sendall(data)
            except OSError:
                return


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


with Server((sys.argv[1], int(sys.argv[2])), Echo) as srv:
    print('listening on %s:%d' % srv.server_address[:2], flush=True)
    srv.serve_forever()
