#!/usr/bin/env python3
"""Creates accounts user1..userN over XEP-0077 in-band registration, on plain TCP.

Used for ejabberd, whose own `ejabberdctl register` starts an Erlang node per account (about a
second each). An account that already exists (<conflict/>) counts as created, so a rerun is harmless.
Usage: register.py HOST PORT DOMAIN USERS PASSWORD
"""
import asyncio
import sys

PARALLEL = 50


async def register(host, port, domain, user, password):
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write((
            f"<?xml version='1.0'?><stream:stream to='{domain}' xmlns='jabber:client' "
            "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>"
            "<iq type='set' id='reg1'><query xmlns='jabber:iq:register'>"
            f"<username>{user}</username><password>{password}</password></query></iq>"
        ).encode())
        await writer.drain()
        seen = b""
        while b"id='reg1'" not in seen and b'id="reg1"' not in seen:
            chunk = await asyncio.wait_for(reader.read(65536), 30)
            if not chunk:
                raise RuntimeError(f"{user}: connection closed: {seen[-300:]!r}")
            seen += chunk
        # The reply may still be arriving: read until the closing tag of the IQ.
        while b"</iq>" not in seen[seen.find(b"reg1"):] and b"/>" not in seen[seen.find(b"reg1"):]:
            seen += await asyncio.wait_for(reader.read(65536), 30)
        reply = seen[seen.rfind(b"<iq"):]
        if b"type='result'" in reply or b'type="result"' in reply or b"conflict" in reply:
            return
        raise RuntimeError(f"{user}: registration refused: {reply[:300]!r}")
    finally:
        writer.write(b"</stream:stream>")
        writer.close()


async def main():
    host, port, domain, users, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
    limit = asyncio.Semaphore(PARALLEL)

    async def one(i):
        async with limit:
            await register(host, port, domain, f"user{i}", password)

    await asyncio.gather(*(one(i) for i in range(1, users + 1)))
    print(f"registered user1..user{users}@{domain}", file=sys.stderr)


asyncio.run(main())
