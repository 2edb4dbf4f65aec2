"""Real MCP peers for the tests: the peer server (written with the `mcp` server API) over stdio,
SSE and Streamable HTTP on 127.0.0.1, and the npm packages `.ci/run` installs in tests/mcp/node."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mcp", reason="the mcp extra is not installed")

from agentkit.mcp import MCPServerSse, MCPServerStdio, MCPServerStreamableHttp

HERE = Path(__file__).resolve().parent
PEER = HERE / "peer_server.py"
NODE_DIR = HERE / "node"
EVERYTHING_JS = NODE_DIR / "node_modules/@modelcontextprotocol/server-everything/dist/index.js"
CONFORMANCE_JS = NODE_DIR / "node_modules/@modelcontextprotocol/conformance/dist/index.js"

TRANSPORTS = ["stdio", "sse", "http"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[Any], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout}s")


def stop(process: subprocess.Popen[Any]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class HttpPeer:
    def __init__(self, command: list[str], port: int, path: str, env: dict[str, str]) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}{path}"
        self.process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            wait_for_port(port, self.process)
        except BaseException:
            stop(self.process)
            raise


@pytest.fixture(scope="module")
def marker_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the peer's `slow` tool records start / finish / cancellation."""
    return tmp_path_factory.mktemp("markers")


def _peer_http(kind: str, marker_dir: Path) -> Iterator[HttpPeer]:
    port = free_port()
    env = {**os.environ, "PEER_MARKER_DIR": str(marker_dir)}
    peer = HttpPeer(
        [sys.executable, str(PEER), kind, str(port)], port, "/sse" if kind == "sse" else "/mcp", env
    )
    try:
        yield peer
    finally:
        stop(peer.process)


@pytest.fixture(scope="module")
def sse_peer(marker_dir: Path) -> Iterator[HttpPeer]:
    yield from _peer_http("sse", marker_dir)


@pytest.fixture(scope="module")
def http_peer(marker_dir: Path) -> Iterator[HttpPeer]:
    yield from _peer_http("http", marker_dir)


ServerFactory = Callable[..., Any]


@pytest.fixture(params=TRANSPORTS)
def transport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make_server(transport: str, request: pytest.FixtureRequest, marker_dir: Path) -> ServerFactory:
    """Builds an (unconnected) agentkit.mcp server for the peer over the test's transport."""

    def build(**kwargs: Any) -> Any:
        if transport == "stdio":
            env = {"PEER_MARKER_DIR": str(marker_dir), **kwargs.pop("env", {})}
            params = {"command": sys.executable, "args": [str(PEER)], "env": env}
            return MCPServerStdio(params, **kwargs)
        if transport == "sse":
            peer = request.getfixturevalue("sse_peer")
            return MCPServerSse({"url": peer.url}, **kwargs)
        peer = request.getfixturevalue("http_peer")
        return MCPServerStreamableHttp({"url": peer.url}, **kwargs)

    return build


def require_node_package(path: Path) -> None:
    """Skip when the npm peers cannot exist here (no node); in CI (`.ci/run`) they must."""
    if path.exists():
        return
    if os.environ.get("CI") or (
        shutil.which("node") is not None and os.environ.get("AGENTKIT_REQUIRE_NPM")
    ):
        pytest.fail(f"{path} is missing: run `npm ci` in tests/mcp/node (.ci/run does)")
    pytest.skip(f"{path.relative_to(HERE)} not installed (run `npm ci` in tests/mcp/node)")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers signal 0; read its state.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


class TraceRecorder:
    """Keeps every finished span in memory (installed as the only trace processor)."""

    def __init__(self) -> None:
        self.spans: list[Any] = []

    def on_trace_start(self, trace: Any) -> None:
        return None

    def on_trace_end(self, trace: Any) -> None:
        return None

    def on_span_start(self, span: Any) -> None:
        return None

    def on_span_end(self, span: Any) -> None:
        self.spans.append(span)

    def shutdown(self) -> None:
        return None

    def force_flush(self) -> None:
        return None

    def of_type(self, kind: str) -> list[Any]:
        return [s for s in self.spans if s.span_data.type == kind]


@pytest.fixture
def traces(monkeypatch: pytest.MonkeyPatch) -> Iterator[TraceRecorder]:
    from agentkit.tracing import setup as tracing_setup
    from agentkit.tracing.provider import DefaultTraceProvider

    for name in ("AGENTKIT_DISABLE_TRACING", "OPENAI_AGENTS_DISABLE_TRACING"):
        monkeypatch.delenv(name, raising=False)
    recorder = TraceRecorder()
    provider = DefaultTraceProvider()
    provider.set_processors([recorder])  # type: ignore[list-item]
    previous = tracing_setup.GLOBAL_TRACE_PROVIDER
    tracing_setup.GLOBAL_TRACE_PROVIDER = provider
    try:
        yield recorder
    finally:
        tracing_setup.GLOBAL_TRACE_PROVIDER = previous
