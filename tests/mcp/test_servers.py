"""The server classes against the peer server over stdio, SSE and Streamable HTTP."""

from __future__ import annotations

import asyncio
import itertools
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from agentkit.mcp import (
    MCPServerSse,
    MCPServerStdio,
    MCPServerStreamableHttp,
    ToolFilterContext,
    create_static_tool_filter,
)
from conftest import PEER, ServerFactory, free_port, pid_alive

from agentkit import Agent, RunContextWrapper
from agentkit.exceptions import UserError

_tags = itertools.count()


def structured(result: Any) -> Any:
    # mcp 2.x spells it structured_content, 1.x structuredContent.
    value = getattr(result, "structured_content", None)
    return value if value is not None else getattr(result, "structuredContent", None)


def tag() -> str:
    return f"t{next(_tags)}"


async def wait_for(path: Path, timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.02)):
        if path.exists():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{path} never appeared")


async def test_tools_prompts_resources(make_server: ServerFactory) -> None:
    async with make_server() as server:
        names = [tool.name for tool in await server.list_tools()]
        assert {"add", "echo", "get_weather", "fail", "image", "slow"} <= set(names)

        result = await server.call_tool("add", {"a": 2, "b": 40})
        assert [block.text for block in result.content] == ["42"]
        assert structured(result) == {"result": 42}

        prompts = await server.list_prompts()
        assert [p.name for p in prompts.prompts] == ["generate_code_review_instructions"]
        rendered = await server.get_prompt(
            "generate_code_review_instructions", {"focus": "security", "language": "rust"}
        )
        text = rendered.messages[0].content.text
        assert "senior rust code review specialist" in text and "security" in text

        resources = await server.list_resources()
        assert [str(r.uri) for r in resources.resources] == ["docs://readme"]
        read = await server.read_resource("docs://readme")
        assert read.contents[0].text == "The peer server's readme."


async def test_default_names() -> None:
    assert MCPServerStdio({"command": "npx"}).name == "stdio: npx"
    assert MCPServerSse({"url": "http://127.0.0.1:1/sse"}).name == "sse: http://127.0.0.1:1/sse"
    http = MCPServerStreamableHttp({"url": "http://127.0.0.1:1/mcp"})
    assert http.name == "streamable_http: http://127.0.0.1:1/mcp"
    assert MCPServerStdio({"command": "npx"}, name="fs").name == "fs"


async def test_bad_params_are_clear_errors() -> None:
    with pytest.raises(UserError, match="'command'"):
        MCPServerStdio({"args": []})  # type: ignore[typeddict-item]
    with pytest.raises(UserError, match="http"):
        MCPServerSse({"url": "127.0.0.1:8000/sse"})
    with pytest.raises(ValueError, match="client_session_timeout_seconds"):
        MCPServerStdio({"command": "x"}, client_session_timeout_seconds=-1)
    with pytest.raises(UserError, match=r"require_approval.*'always' or 'never'"):
        MCPServerStdio({"command": "x"}, require_approval="sometimes")  # type: ignore[arg-type]


async def test_not_connected_is_a_clear_error(make_server: ServerFactory) -> None:
    server = make_server()
    with pytest.raises(UserError, match="call `connect\\(\\)` first"):
        await server.list_tools()
    with pytest.raises(UserError, match="call `connect\\(\\)` first"):
        await server.call_tool("add", {"a": 1, "b": 2})


async def test_request_timeout_names_the_limit_and_the_session_survives(
    make_server: ServerFactory, marker_dir: Path
) -> None:
    name = tag()
    # The limit leaves the server time to start the tool even on a loaded machine.
    async with make_server(client_session_timeout_seconds=1.5) as server:
        with pytest.raises(UserError, match=r"call tool 'slow'.*within 1.5 seconds"):
            await server.call_tool("slow", {"seconds": 30, "tag": name})
        # The server was told to cancel the request.
        await wait_for(marker_dir / f"slow-{name}.cancelled")
        result = await server.call_tool("add", {"a": 1, "b": 1})
        assert result.content[0].text == "2"


async def test_retries_repeat_the_request(make_server: ServerFactory, marker_dir: Path) -> None:
    name = tag()
    server = make_server(
        client_session_timeout_seconds=1.5, max_retry_attempts=2, retry_backoff_seconds_base=0.01
    )
    async with server:
        with pytest.raises(UserError, match=r"within 1\.5 seconds"):
            await server.call_tool("slow", {"seconds": 30, "tag": name})
    started = (marker_dir / f"slow-{name}.started").read_text().split()
    assert len(started) == 3  # the call and two retries


async def test_cache_tools_list_and_invalidation(make_server: ServerFactory) -> None:
    async with make_server(cache_tools_list=True) as server:
        calls = 0
        original = server.session.list_tools

        async def counting(**kwargs: Any) -> Any:
            nonlocal calls
            calls += 1
            return await original(**kwargs)

        server.session.list_tools = counting
        first = await server.list_tools()
        second = await server.list_tools()
        assert calls == 1
        assert [t.name for t in first] == [t.name for t in second]
        assert server.cached_tools is not None and len(server.cached_tools) == len(first)
        server.invalidate_tools_cache()
        await server.list_tools()
        assert calls == 2


async def test_tools_list_changes_reach_the_next_listing(make_server: ServerFactory) -> None:
    new_name = f"late_{tag()}"
    async with make_server() as server:
        assert new_name not in [t.name for t in await server.list_tools()]
        await server.call_tool("add_tool", {"name": new_name})
        assert new_name in {t.name for t in await server.list_tools()}
        result = await server.call_tool(new_name, {})
        assert result.content[0].text == f"I am {new_name}"


async def test_tools_list_changed_notification_clears_the_cache(make_server: ServerFactory) -> None:
    # Servers on the handshake-era protocol push this notification on their own (the 2026-07-28
    # protocol only sends it to listeners): feed the session's message handler one.
    from mcp import types

    seen: list[Any] = []

    async def handler(message: Any) -> None:
        seen.append(message)

    async with make_server(cache_tools_list=True, message_handler=handler) as server:
        await server.list_tools()
        assert not server._cache_dirty
        notification = types.ToolListChangedNotification()
        await server._handle_message(notification)
        assert server._cache_dirty
        assert seen == [notification]  # the user's handler still gets every message


async def test_static_tool_filter_allow_then_block(make_server: ServerFactory) -> None:
    allow_block = create_static_tool_filter(
        allowed_tool_names=["add", "echo", "fail"], blocked_tool_names=["fail"]
    )
    assert create_static_tool_filter() is None
    async with make_server(tool_filter=allow_block) as server:
        assert sorted(t.name for t in await server.list_tools()) == ["add", "echo"]


async def test_callable_tool_filter_gets_context(make_server: ServerFactory) -> None:
    contexts: list[ToolFilterContext] = []

    async def only_add(context: ToolFilterContext, tool: Any) -> bool:
        contexts.append(context)
        if tool.name == "echo":
            raise RuntimeError("a broken filter hides the tool")
        return tool.name in ("add", "echo")

    agent = Agent(name="filtered")
    run_context = RunContextWrapper(context=None)
    async with make_server(tool_filter=only_add) as server:
        tools = await server.list_tools(run_context, agent)
        assert [t.name for t in tools] == ["add"]
        assert contexts[0].agent is agent and contexts[0].server_name == server.name
        with pytest.raises(UserError, match="run_context and agent are required"):
            await server.list_tools()


async def test_required_arguments_checked_against_cached_schema(make_server: ServerFactory) -> None:
    async with make_server(cache_tools_list=True) as server:
        await server.list_tools()
        with pytest.raises(UserError, match="missing required parameters: b"):
            await server.call_tool("add", {"a": 1})


async def test_cleanup_from_another_task(make_server: ServerFactory) -> None:
    server = make_server()
    await asyncio.create_task(server.connect())  # connected in one task ...
    assert (await server.call_tool("echo", {"text": "hi"})).content[0].text == "hi"
    await asyncio.create_task(server.cleanup())  # ... cleaned up in another
    assert server.session is None
    await server.cleanup()  # twice is fine
    assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == []


async def test_cancelling_a_call_cancels_it_on_the_server(
    make_server: ServerFactory, marker_dir: Path
) -> None:
    name = tag()
    async with make_server(client_session_timeout_seconds=None) as server:
        call = asyncio.create_task(server.call_tool("slow", {"seconds": 30, "tag": name}))
        await wait_for(marker_dir / f"slow-{name}.started")
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        await wait_for(marker_dir / f"slow-{name}.cancelled")
        assert not (marker_dir / f"slow-{name}.finished").exists()
        assert (await server.call_tool("add", {"a": 1, "b": 2})).content[0].text == "3"


async def test_connect_to_nothing_is_a_clear_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/mcp"
    for server in (MCPServerStreamableHttp({"url": url}), MCPServerSse({"url": url})):
        with pytest.raises(UserError, match="Could not reach the server"):
            await server.connect()
        assert server.session is None


async def test_http_error_keeps_credentials_out(http_peer: Any) -> None:
    secret = "sk-do-not-leak-123"
    url = f"http://user:{secret}@127.0.0.1:{http_peer.port}/nope?token={secret}"
    server = MCPServerStreamableHttp({"url": url, "headers": {"Authorization": f"Bearer {secret}"}})
    with pytest.raises(UserError) as caught:
        await server.connect()
    message = str(caught.value)
    assert "Failed to connect" in message and ("404" in message or "Not Found" in message)
    assert "streamable_http: http://127.0.0.1" in message
    assert secret not in message and secret not in repr(caught.value)
    assert caught.value.__cause__ is None and caught.value.__context__ is None


# --- stdio specifics --------------------------------------------------------------------------


def _stdio(**params: Any) -> MCPServerStdio:
    return MCPServerStdio(
        {"command": sys.executable, "args": [str(PEER)], **params},  # type: ignore[typeddict-item]
        client_session_timeout_seconds=20,
    )


async def test_stdio_environment_is_clean_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-parent-secret")
    async with _stdio() as server:
        result = await server.call_tool("env", {"name": "OPENAI_API_KEY"})
        assert result.content[0].text == "<unset>"
        assert (await server.call_tool("env", {"name": "PATH"})).content[0].text != "<unset>"
    async with _stdio(env={"OPENAI_API_KEY": "sk-passed-on-purpose"}) as server:
        result = await server.call_tool("env", {"name": "OPENAI_API_KEY"})
        assert result.content[0].text == "sk-passed-on-purpose"


async def test_stdio_dead_process_is_reported_and_reconnects() -> None:
    async with _stdio() as server:
        first_pid = int((await server.call_tool("pid", {})).content[0].text)
        with pytest.raises(
            UserError, match=r"call tool 'crash'.*connection is closed.*connect\(\)"
        ):
            await server.call_tool("crash", {})
        with pytest.raises(UserError, match="connection is closed"):
            await server.call_tool("add", {"a": 1, "b": 2})
        await server.connect()
        second_pid = int((await server.call_tool("pid", {})).content[0].text)
        assert second_pid != first_pid
        assert (await server.call_tool("add", {"a": 1, "b": 2})).content[0].text == "3"
    assert not pid_alive(second_pid)


async def test_stdio_cleanup_ends_the_process_even_mid_call(marker_dir: Path) -> None:
    name = tag()
    server = _stdio(env={"PEER_MARKER_DIR": str(marker_dir)})
    await server.connect()
    pid = int((await server.call_tool("pid", {})).content[0].text)
    call = asyncio.create_task(server.call_tool("slow", {"seconds": 30, "tag": name}))
    await wait_for(marker_dir / f"slow-{name}.started")
    await asyncio.create_task(server.cleanup())
    with pytest.raises((UserError, asyncio.CancelledError, Exception)):
        await call
    for _ in range(100):
        if not pid_alive(pid):
            break
        await asyncio.sleep(0.05)
    assert not pid_alive(pid)
    assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == []


async def test_cancelled_connect_leaves_no_process_or_task(tmp_path: Path) -> None:
    # A server that never answers the handshake: connecting hangs until cancelled.
    script = tmp_path / "mute.py"
    script.write_text(
        "import os, sys, time\n"
        f"open({str(tmp_path / 'pid')!r}, 'w').write(str(os.getpid()))\n"
        "time.sleep(60)\n"
    )
    server = MCPServerStdio({"command": sys.executable, "args": [str(script)]})
    connecting = asyncio.create_task(server.connect())
    await wait_for(tmp_path / "pid")
    pid = int((tmp_path / "pid").read_text())
    connecting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await connecting
    for _ in range(200):
        if not pid_alive(pid):
            break
        await asyncio.sleep(0.05)
    assert not pid_alive(pid)
    assert [t for t in asyncio.all_tasks() if t is not asyncio.current_task()] == []
    assert server.session is None


async def test_structured_and_image_results_raw(make_server: ServerFactory) -> None:
    async with make_server() as server:
        weather = await server.call_tool("get_weather", {"city": "Oslo"})
        assert structured(weather) == {
            "city": "Oslo",
            "temperature_c": 21.5,
            "conditions": "sunny",
        }
        assert json.loads(weather.content[0].text)["city"] == "Oslo"
        image = await server.call_tool("image", {})
        assert image.content[0].type == "image"


def test_no_orphan_process_when_the_program_forgets_cleanup(tmp_path: Path) -> None:
    # The owner task is cancelled when asyncio.run() ends, and closes the transport on its way out.
    code = (
        "import asyncio, sys\n"
        "from agentkit.mcp import MCPServerStdio\n"
        "async def main():\n"
        f"    server = MCPServerStdio({{'command': sys.executable, 'args': [{str(PEER)!r}]}},\n"
        "                            client_session_timeout_seconds=30)\n"
        "    await server.connect()\n"
        "    print((await server.call_tool('pid', {})).content[0].text, flush=True)\n"
        "asyncio.run(main())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    pid = int(done.stdout.split()[0])
    for _ in range(100):
        if not pid_alive(pid):
            break
        time.sleep(0.05)
    assert not pid_alive(pid)


async def test_server_manager_keeps_the_servers_that_connect() -> None:
    from agentkit.mcp import MCPServerManager

    good = _stdio()
    bad = MCPServerStreamableHttp({"url": f"http://127.0.0.1:{free_port()}/mcp"}, name="bad")
    async with MCPServerManager([good, bad], connect_in_parallel=True) as manager:
        assert manager.active_servers == [good]
        assert manager.failed_servers == [bad]
        assert "Could not reach the server" in str(manager.errors[bad])
        assert (await good.call_tool("add", {"a": 1, "b": 2})).content[0].text == "3"
        assert await manager.reconnect() == [good]  # bad still fails
    assert good.session is None
    with pytest.raises(UserError, match="Could not reach"):
        async with MCPServerManager([bad], strict=True):
            pass
    with pytest.raises(ValueError, match="connect_timeout_seconds"):
        MCPServerManager([], connect_timeout_seconds=0)
