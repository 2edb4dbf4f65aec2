"""A minimal loopback OpenAI server for the benchmarks: raw asyncio, canned bytes, keep-alive.

Run as `python -m benchmarks._server`: it prints `PORT <n>` once listening on 127.0.0.1 and serves
until its standard input closes (so it never outlives the harness). The reply is chosen by the
endpoint, the request's `model` and `stream`; every byte was rendered before the first request.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from . import _wire

_NOT_FOUND = _wire.http_reply(
    b'{"error":{"message":"no canned reply","type":"invalid_request_error"}}',
    "application/json",
    status="404 Not Found",
)
_ENDPOINTS = {b"/v1/responses": "responses", b"/v1/chat/completions": "chat"}


class LoopbackServer:
    def __init__(self) -> None:
        self.replies = _wire.replies()
        self.requests = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                request_line, _, header_block = head.partition(b"\r\n")
                path = request_line.split(b" ")[1].split(b"?")[0]
                length = 0
                for line in header_block.split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                body = await reader.readexactly(length) if length else b"{}"
                self.requests += 1
                fields = json.loads(body)
                key = (_ENDPOINTS.get(path, ""), fields.get("model"), bool(fields.get("stream")))
                writer.write(self.replies.get(key, _NOT_FOUND))
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            writer.close()


async def _fetch(port: int, path: str, model: str, stream: bool) -> int:
    """One raw keep-alive-less request; returns the body size once the whole reply has arrived."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    body = json.dumps({"model": model, "stream": stream}).encode()
    writer.write(
        f"POST {path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\n\r\n".encode()
        + body
    )
    head = await reader.readuntil(b"\r\n\r\n")
    length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
    await reader.readexactly(length)
    writer.close()
    return length


async def measure_floor(port: int, concurrent: int) -> dict[str, float]:
    """How fast the server alone delivers each streamed reply, and `concurrent` plain replies at
    once, to a raw socket client: the floor under every HTTP scenario's time."""
    floor: dict[str, float] = {}
    paths = {"responses": "/v1/responses", "chat": "/v1/chat/completions"}
    for api, path in paths.items():
        for model in ("text20k", "args2k"):
            await _fetch(port, path, model, True)
            start = time.perf_counter()
            for _ in range(3):
                await _fetch(port, path, model, True)
            floor[f"{api}.{model}"] = (time.perf_counter() - start) / 3
    start = time.perf_counter()
    await asyncio.gather(
        *(_fetch(port, paths["responses"], "hello", False) for _ in range(concurrent))
    )
    floor[f"responses.hello.x{concurrent}"] = time.perf_counter() - start
    return floor


async def _serve() -> None:
    server = LoopbackServer()
    listener = await asyncio.start_server(server.handle, "127.0.0.1", 0, backlog=2048)
    port = listener.sockets[0].getsockname()[1]
    print(f"PORT {port}", flush=True)
    loop = asyncio.get_running_loop()
    # Serve until the parent closes our stdin (or dies).
    await loop.run_in_executor(None, sys.stdin.read)
    listener.close()


if __name__ == "__main__":
    asyncio.run(_serve())
