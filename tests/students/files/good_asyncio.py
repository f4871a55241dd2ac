"""Demo 6, correct: asyncio, readexactly for every part, the verdict at the end."""
import asyncio
import hashlib
import json
import os
import struct
import sys


async def answer(writer, verdict, name, detail=''):
    raw = json.dumps({'verdict': verdict, 'filename': name, 'detail': detail}).encode()
    writer.write(struct.pack('!I', len(raw)) + raw)
    try:
        await writer.drain()
    except ConnectionError:
        pass


def bare(sent):
    if '\0' in sent or any(ord(c) < 32 for c in sent):
        return None
    name = os.path.basename(sent.replace('\\', '/'))
    if ':' in name:
        return None
    return None if name in ('', '.', '..') else name


async def receive(reader, writer, outdir):
    (n,) = struct.unpack('!I', await reader.readexactly(4))
    if n > 65536:
        return await answer(writer, 'bad_header', '')
    header = json.loads((await reader.readexactly(n)).decode('utf-8'))
    name = bare(header['filename'])
    if name is None:
        return await answer(writer, 'bad_header', '', 'refused name')
    target = os.path.join(outdir, name)
    if os.path.exists(target):
        return await answer(writer, 'exists', name)
    body = await reader.readexactly(header['filesize'])
    if 'sha256' in header and hashlib.sha256(body).hexdigest() != header['sha256']:
        return await answer(writer, 'digest_mismatch', name)
    tmp = target + '.part'
    with open(tmp, 'wb') as f:
        f.write(body)
    os.replace(tmp, target)
    await answer(writer, 'saved', name)


async def serve(reader, writer):
    try:
        await receive(reader, writer, sys.argv[3])
    except (asyncio.IncompleteReadError, ValueError, KeyError, OSError) as e:
        await answer(writer, 'failed', '', str(e))
    writer.close()


async def main():
    server = await asyncio.start_server(serve, sys.argv[1], int(sys.argv[2]))
    print('listening on %s:%d' % server.sockets[0].getsockname()[:2], flush=True)
    await server.serve_forever()


asyncio.run(main())
