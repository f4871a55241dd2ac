# Fixed-length echo server on asyncio: readexactly() waits for a whole record.
# Usage: python3 asyncio_fixed.py HOST PORT [SIZE]
import asyncio
import sys

SIZE = int(sys.argv[3]) if len(sys.argv) > 3 else 32


async def echo_records(reader, writer):
    try:
        while True:
            record = await reader.readexactly(SIZE)
            writer.write(record)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(echo_records, sys.argv[1], int(sys.argv[2]))
    print('listening on %s:%d' % server.sockets[0].getsockname()[:2], flush=True)
    await server.serve_forever()


asyncio.run(main())
