"""Load generator: N concurrent clients (a bounded asyncio pool, plain HTTP/1.1, a connection
per request, over loopback) asking the coverage API for random regions; prints requests/s
and p50/p95 ms.

.venv/bin/python bench/load.py --url http://127.0.0.1:8104 --token RAW --clients 20 \
    --requests 2000 --codes 11,11.01,…   (bench/load.sh starts a server and runs this)

Runs in its own process, without Django: what it measures is the server's answer time as a
client sees it.
"""

import argparse
import asyncio
import random
import statistics
import time
from urllib.parse import urlsplit


async def client(
    host: str, port: int, token: str, paths: asyncio.Queue[str], timings: list[float]
) -> None:
    while True:
        try:
            path = paths.get_nowait()
        except asyncio.QueueEmpty:
            return
        # gunicorn's sync workers close each connection after its answer: one per request.
        started = time.perf_counter()
        reader, writer = await asyncio.open_connection(host, port)
        try:
            request = (
                f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                f"Authorization: Bearer {token}\r\nConnection: close\r\n\r\n"
            )
            writer.write(request.encode())
            await writer.drain()
            status = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            timings.append((time.perf_counter() - started) * 1000)
            if b" 200 " not in status:
                raise RuntimeError(f"{path}: {status!r}")
        finally:
            writer.close()


async def run(args: argparse.Namespace) -> None:
    url = urlsplit(args.url)
    codes = args.codes.split(",")
    rng = random.Random(20)
    paths: asyncio.Queue[str] = asyncio.Queue()
    for _ in range(args.requests):
        paths.put_nowait(f"/api/coverage/{rng.choice(codes)}?on={args.on}")
    timings: list[float] = []
    started = time.perf_counter()
    await asyncio.gather(
        *(
            client(url.hostname or "127.0.0.1", url.port or 80, args.token, paths, timings)
            for _ in range(args.clients)
        )
    )
    elapsed = time.perf_counter() - started
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"load: {args.clients} clients, {len(timings):,} requests of /api/coverage/{{code}} "
        f"in {elapsed:.1f} s = {len(timings) / elapsed:,.0f} req/s; "
        f"p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms"
    )


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__)
    cli.add_argument("--url", default="http://127.0.0.1:8104")
    cli.add_argument("--token", required=True)
    cli.add_argument("--clients", type=int, default=20)
    cli.add_argument("--requests", type=int, default=2000)
    cli.add_argument("--codes", required=True, help="comma-separated region codes")
    cli.add_argument("--on", default="2025-06-30")
    asyncio.run(run(cli.parse_args()))


if __name__ == "__main__":
    main()
