"""The MCP guide's programs in examples/ (ported by changing the import), run offline with the
test model, and one of them unchanged against the loopback OpenAI server."""

from __future__ import annotations

import asyncio
import importlib.util
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.openai_server import OpenAIServer
from tests.openai_server import builders as b

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
_counter = itertools.count()


@pytest.fixture
def load(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.syspath_prepend(str(EXAMPLES))
    loaded: list[str] = []

    def load_example(name: str) -> ModuleType:
        module_name = f"_mcp_example_{name}_{next(_counter)}"
        spec = importlib.util.spec_from_file_location(module_name, EXAMPLES / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        loaded.append(module_name)
        spec.loader.exec_module(module)
        return module

    yield load_example
    for name in loaded:
        sys.modules.pop(name, None)


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AGENTKIT_EXAMPLE_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENAI_AGENTS_DISABLE_TRACING", "1")


def run_main(module: ModuleType) -> None:
    asyncio.run(module.main())


def test_filesystem(offline: None, load: Any, capsys: pytest.CaptureFixture[str]) -> None:
    run_main(load("mcp_filesystem"))
    out = capsys.readouterr().out
    assert "favorite_books.txt\nfavorite_songs.txt" in out
    assert "1. To Kill a Mockingbird - Harper Lee" in out


def test_prompt_server(offline: None, load: Any, capsys: pytest.CaptureFixture[str]) -> None:
    run_main(load("mcp_prompt_server"))
    out = capsys.readouterr().out
    assert "Prompt: generate_code_review_instructions - Generate agent instructions" in out
    assert (
        "Instructions: You are a senior python code review specialist. "
        "Your focus is security vulnerabilities." in out
    )
    assert "Never pass it to eval()" in out


def test_sse(offline: None, load: Any, capsys: pytest.CaptureFixture[str]) -> None:
    run_main(load("mcp_sse"))
    lines = capsys.readouterr().out.splitlines()
    answers = [lines[i + 1] for i, line in enumerate(lines) if line.startswith("Running:")]
    assert answers[0] == "29"
    assert answers[1] == "The weather in Tokyo is sunny, 22 degrees Celsius."
    assert answers[2] in ("apple", "banana", "cherry")


def test_streamable_http(offline: None, load: Any, capsys: pytest.CaptureFixture[str]) -> None:
    run_main(load("mcp_streamable_http"))
    assert capsys.readouterr().out == "29\n"


def test_tool_filters(offline: None, load: Any, capsys: pytest.CaptureFixture[str]) -> None:
    run_main(load("mcp_tool_filters"))
    out = capsys.readouterr().out
    assert "static filter / Code Reviewer: ['list_directory', 'read_file', 'write_file']" in out
    assert "static filter / Writer: ['list_directory', 'read_file', 'write_file']" in out
    reviewer = next(line for line in out.splitlines() if line.startswith("dynamic filter / Code"))
    writer = next(line for line in out.splitlines() if line.startswith("dynamic filter / Writer"))
    assert "write_file" not in reviewer and "write_file" in writer
    assert "1. To Kill a Mockingbird" in out


def test_caching(offline: None, load: Any, capsys: pytest.CaptureFixture[str]) -> None:
    run_main(load("mcp_caching"))
    assert capsys.readouterr().out == "5\ncached tools: 7\n5\n"


def test_streamable_http_with_the_openai_model(
    load: Any,
    openai_server: OpenAIServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-example-dummy")
    monkeypatch.setenv("OPENAI_BASE_URL", openai_server.base_url)
    monkeypatch.setenv("OPENAI_AGENTS_DISABLE_TRACING", "1")
    monkeypatch.delenv("AGENTKIT_EXAMPLE_MODEL", raising=False)
    openai_server.queue(b.response_function_call("add", {"a": 7, "b": 22}, call_id="call_add"))
    openai_server.queue(b.response_text("7 + 22 = 29"))
    run_main(load("mcp_streamable_http"))
    assert capsys.readouterr().out == "7 + 22 = 29\n"
    first, second = openai_server.requests_to("/responses")
    assert first.json["tool_choice"] == "required"
    assert {t["name"] for t in first.json["tools"]} >= {"add", "read_file"}
    (output,) = [i for i in second.json["input"] if i.get("type") == "function_call_output"]
    assert output["output"] == [{"type": "input_text", "text": "29"}]
