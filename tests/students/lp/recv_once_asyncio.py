"""Demo 5, bug: asyncio, but one read(1024) taken for one message."""
import asyncio
import struct
import sys


async def serve(reader, writer):
    while True:
        data = await reader.read(1024)
        if not data:
            break
        payload = data[4:]
        writer.write(struct.pack('!I', len(payload)) + payload)
        await writer.drain()
    writer.close()


async def main():
    server = await asyncio.start_server(serve, sys.argv[1], int(sys.argv[2]))
    print('listening on %s:%d' % server.sockets[0].getsockname()[:2], flush=True)
    await server.serve_forever()


asyncio.run(main())
