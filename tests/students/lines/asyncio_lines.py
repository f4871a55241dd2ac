# Line server on asyncio: reader.readuntil() finds each newline.
# Usage: python3 asyncio_lines.py HOST PORT
import asyncio
import sys

LIMIT = 65536


async def serve(reader, writer):
    count = 0
    try:
        while True:
            try:
                line = await reader.readuntil(b'\n')
            except asyncio.IncompleteReadError:
                break  # closed, between lines or in the middle of one
            except asyncio.LimitOverrunError:
                writer.write(b'error: no newline within 65536 bytes\n')
                await writer.drain()
                break
            count += 1
            writer.write(f'answer {count}: '.encode() + line)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def main():
    # The limit counts the newline too.
    server = await asyncio.start_server(serve, sys.argv[1], int(sys.argv[2]), limit=LIMIT + 1)
    addr = server.sockets[0].getsockname()
    print(f'listening on {addr[0]}:{addr[1]}', flush=True)
    await server.serve_forever()


asyncio.run(main())
