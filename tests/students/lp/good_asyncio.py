"""Demo 5, correct: asyncio streams, readexactly."""
import asyncio
import struct
import sys

MAX = 8 * 1024 * 1024


async def serve(reader, writer):
    try:
        while True:
            head = await reader.readexactly(4)
            (n,) = struct.unpack('!I', head)
            if n > MAX:
                break
            writer.write(head + await reader.readexactly(n))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    writer.close()


async def main():
    server = await asyncio.start_server(serve, sys.argv[1], int(sys.argv[2]))
    print('listening on %s:%d' % server.sockets[0].getsockname()[:2], flush=True)
    await server.serve_forever()


asyncio.run(main())
