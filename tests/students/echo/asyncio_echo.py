# Echo server on asyncio streams. Usage: python3 asyncio_echo.py HOST PORT
import asyncio
import sys


async def echo(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(echo, sys.argv[1], int(sys.argv[2]))
    host, port = server.sockets[0].getsockname()[:2]
    print(f'listening on {host}:{port}', flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
