"""`function_tool` / `FunctionTool`: schema, invocation, errors, concurrency, timeouts."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from dataclasses import dataclass
from typing import Annotated, Any

import pytest
from pydantic import BaseModel

from agentkit.exceptions import ModelBehaviorError, ToolTimeoutError, UserError
from agentkit.run_context import RunContextWrapper
from agentkit.tool import (
    FunctionTool,
    default_tool_error_function,
    default_tool_timeout_error_message,
    function_tool,
    invoke_function_tool,
)
from agentkit.tool_context import ToolContext

DEFAULT_ERROR = "An error occurred while running the tool. Please try again."


def make_ctx(tool: FunctionTool, args: str = "{}", context: Any = None) -> ToolContext[Any]:
    return ToolContext(
        context=context, tool_name=tool.name, tool_call_id="call_1", tool_arguments=args
    )


async def invoke(tool: FunctionTool, args: dict[str, Any] | str, context: Any = None) -> Any:
    raw = args if isinstance(args, str) else json.dumps(args)
    return await tool.on_invoke_tool(make_ctx(tool, raw, context), raw)


def test_bare_decorator_uses_function_name_and_docstring() -> None:
    @function_tool
    def get_weather(city: str) -> str:
        """Get the weather for a city.

        Args:
            city: The city to look up.
        """
        return f"sunny in {city}"

    assert isinstance(get_weather, FunctionTool)
    assert get_weather.name == "get_weather"
    assert get_weather.description == "Get the weather for a city."
    assert (
        get_weather.params_json_schema["properties"]["city"]["description"]
        == "The city to look up."
    )
    assert get_weather.strict_json_schema is True
    assert get_weather.is_enabled is True


@pytest.mark.parametrize(
    "doc",
    [
        "Do it.\n\nArgs:\n    x: The x value.\n",
        "Do it.\n\n:param x: The x value.\n",
        "Do it.\n\nParameters\n----------\nx : int\n    The x value.\n",
    ],
    ids=["google", "sphinx", "numpy"],
)
def test_all_docstring_styles_reach_the_schema(doc: str) -> None:
    def do_it(x: int) -> int:
        return x

    do_it.__doc__ = doc
    tool = function_tool(do_it)
    assert tool.description == "Do it."
    assert tool.params_json_schema["properties"]["x"]["description"] == "The x value."


def test_explicit_docstring_style() -> None:
    def f(x: int) -> int:
        """Summary.

        :param x: sphinx text
        """
        return x

    # Parsed as google, the sphinx field is not a parameter section: no description.
    assert (
        "description"
        not in function_tool(f, docstring_style="google").params_json_schema["properties"]["x"]
    )
    assert (
        function_tool(f, docstring_style="sphinx").params_json_schema["properties"]["x"][
            "description"
        ]
        == "sphinx text"
    )


def test_overrides_and_use_docstring_info_false() -> None:
    def f(a: int) -> int:
        """Original.

        Args:
            a: doc a
        """
        return a

    renamed = function_tool(name_override="renamed", description_override="New one")(f)
    assert (renamed.name, renamed.description) == ("renamed", "New one")
    plain = function_tool(f, use_docstring_info=False)
    assert plain.description == ""
    assert "description" not in plain.params_json_schema["properties"]["a"]
    # The override still applies without docstring info.
    assert function_tool(f, use_docstring_info=False, description_override="D").description == "D"


def test_docstring_description_beats_annotated_string_like_upstream() -> None:
    def f(a: Annotated[int, "annotated a"], b: Annotated[int, "annotated b"]) -> int:
        """F.

        Args:
            a: docstring a
        """
        return a + b

    props = function_tool(f).params_json_schema["properties"]
    assert props["a"]["description"] == "docstring a"
    assert props["b"]["description"] == "annotated b"


async def test_context_parameter_is_injected_and_hidden() -> None:
    seen: list[Any] = []

    @function_tool
    def with_ctx(ctx: RunContextWrapper[dict[str, int]], n: int) -> int:
        seen.append(ctx)
        return ctx.context["base"] + n

    assert list(with_ctx.params_json_schema["properties"]) == ["n"]
    tctx = make_ctx(with_ctx, '{"n": 2}', context={"base": 40})
    assert await with_ctx.on_invoke_tool(tctx, '{"n": 2}') == 42
    assert seen == [tctx]


async def test_tool_context_parameter_exposes_call_details() -> None:
    @function_tool
    async def echo(ctx: ToolContext[None], text: str) -> str:
        return f"{ctx.tool_name}|{ctx.tool_call_id}|{ctx.tool_arguments}|{text}"

    raw = '{"text": "hi"}'
    assert await echo.on_invoke_tool(make_ctx(echo, raw), raw) == 'echo|call_1|{"text": "hi"}|hi'


def test_context_parameter_not_first_is_rejected() -> None:
    def bad(n: int, ctx: RunContextWrapper[Any]) -> int:
        return n

    with pytest.raises(UserError, match="non-first position"):
        function_tool(bad)


def test_strict_mode_schema_vs_non_strict() -> None:
    def f(a: int, b: int = 3) -> int:
        return a + b

    strict = function_tool(f).params_json_schema
    assert strict["additionalProperties"] is False
    assert strict["required"] == ["a", "b"]
    loose = function_tool(f, strict_mode=False)
    assert loose.strict_json_schema is False
    assert loose.params_json_schema["required"] == ["a"]
    assert "additionalProperties" not in loose.params_json_schema


class Point(BaseModel):
    x: int
    y: int


@dataclass
class Size:
    w: int
    h: int


async def test_complex_parameter_types_round_trip() -> None:
    @function_tool
    def area(p: Point, s: Size, tags: list[str], scale: float | None = None) -> str:
        assert isinstance(p, Point) and isinstance(s, Size)
        return f"{p.x + p.y}:{s.w * s.h}:{','.join(tags)}:{scale}"

    out = await invoke(
        area, {"p": {"x": 1, "y": 2}, "s": {"w": 3, "h": 4}, "tags": ["a", "b"], "scale": None}
    )
    assert out == "3:12:a,b:None"


async def test_varargs_and_keyword_only_are_passed_correctly() -> None:
    @function_tool
    def join(sep: str, *parts: str, upper: bool = False) -> str:
        text = sep.join(parts)
        return text.upper() if upper else text

    assert await invoke(join, {"sep": "-", "parts": ["a", "b"], "upper": True}) == "A-B"


def test_var_keyword_requires_non_strict_mode() -> None:
    def f(**kwargs: int) -> int:
        return sum(kwargs.values())

    with pytest.raises(UserError, match="strict_mode=False"):
        function_tool(f)


async def test_var_keyword_collision_is_reported_to_model() -> None:
    @function_tool(strict_mode=False)
    def f(a: int, **extra: int) -> int:
        return a

    assert await invoke(f, {"a": 1, "extra": {"b": 2}}) == 1
    # 'a' twice: the default error function turns the ModelBehaviorError into a message.
    assert await invoke(f, {"a": 1, "extra": {"a": 2}}) == DEFAULT_ERROR


async def test_invalid_json_and_invalid_arguments_become_error_messages() -> None:
    @function_tool
    def f(n: int) -> int:
        return n

    assert await invoke(f, "{not json") == DEFAULT_ERROR
    assert await invoke(f, "[1, 2]") == DEFAULT_ERROR
    assert await invoke(f, {"n": "not a number"}) == DEFAULT_ERROR


async def test_invalid_json_raises_model_behavior_error_without_error_function() -> None:
    @function_tool(failure_error_function=None)
    def f(n: int) -> int:
        return n

    with pytest.raises(ModelBehaviorError, match="Invalid JSON input for tool f"):
        await invoke(f, "{not json")
    with pytest.raises(ModelBehaviorError, match="expected a JSON object"):
        await invoke(f, "3")


async def test_empty_arguments_mean_no_arguments() -> None:
    @function_tool
    def ping() -> str:
        return "pong"

    assert await invoke(ping, "") == "pong"


async def test_default_failure_error_function_hides_exception_text() -> None:
    @function_tool
    def boom() -> str:
        raise RuntimeError("secret detail")

    out = await invoke(boom, {})
    assert out == DEFAULT_ERROR
    assert default_tool_error_function(RunContextWrapper(None), RuntimeError("x")) == DEFAULT_ERROR


async def test_custom_sync_and_async_failure_error_functions() -> None:
    def sync_fmt(ctx: RunContextWrapper[Any], error: Exception) -> str:
        return f"sync: {error}"

    async def async_fmt(ctx: RunContextWrapper[Any], error: Exception) -> str:
        return f"async: {type(error).__name__}"

    def boom() -> str:
        raise ValueError("bad input")

    assert (
        await invoke(function_tool(boom, failure_error_function=sync_fmt), {}) == "sync: bad input"
    )
    assert (
        await invoke(function_tool(boom, failure_error_function=async_fmt), {})
        == "async: ValueError"
    )


async def test_failure_error_function_none_propagates() -> None:
    @function_tool(failure_error_function=None)
    async def boom() -> str:
        raise ValueError("propagate me")

    with pytest.raises(ValueError, match="propagate me"):
        await invoke(boom, {})


async def test_sync_tools_run_off_the_event_loop_concurrently() -> None:
    loop_thread = threading.get_ident()
    spans: dict[str, tuple[float, float, int]] = {}

    @function_tool
    def slow(label: str) -> str:
        start = time.monotonic()
        time.sleep(0.3)
        spans[label] = (start, time.monotonic(), threading.get_ident())
        return label

    started = time.monotonic()
    results = await asyncio.gather(invoke(slow, {"label": "a"}), invoke(slow, {"label": "b"}))
    elapsed = time.monotonic() - started
    assert sorted(results) == ["a", "b"]
    (a_start, a_end, a_thread), (b_start, b_end, b_thread) = spans["a"], spans["b"]
    # Both ran in worker threads, and their sleeps overlapped.
    assert loop_thread not in (a_thread, b_thread)
    assert a_start < b_end and b_start < a_end
    assert elapsed < 0.55


async def test_sync_tool_sees_context_variables() -> None:
    import contextvars

    var: contextvars.ContextVar[str] = contextvars.ContextVar("var", default="unset")
    var.set("from caller")

    @function_tool
    def read() -> str:
        return var.get()

    assert await invoke(read, {}) == "from caller"


async def test_async_tool_is_awaited_on_the_loop() -> None:
    loop_thread = threading.get_ident()

    @function_tool
    async def where() -> int:
        await asyncio.sleep(0)
        return threading.get_ident()

    assert await invoke(where, {}) == loop_thread


def test_is_enabled_is_stored() -> None:
    def check(ctx: RunContextWrapper[Any], agent: Any) -> bool:
        return False

    def f() -> None:
        return None

    assert function_tool(f, is_enabled=False).is_enabled is False
    assert function_tool(f, is_enabled=check).is_enabled is check


def test_partial_is_rejected() -> None:
    import functools

    def f(a: int, b: int) -> int:
        return a + b

    with pytest.raises(UserError, match=r"functools\.partial"):
        function_tool(functools.partial(f, 1))


def test_function_tool_post_init_makes_schema_strict_without_mutating_input() -> None:
    async def on_invoke(ctx: ToolContext[Any], args: str) -> str:
        return args

    schema = {"type": "object", "properties": {"q": {"type": "string"}}}
    tool = FunctionTool(
        name="t", description="d", params_json_schema=schema, on_invoke_tool=on_invoke
    )
    assert tool.params_json_schema == {
        "type": "object",
        "properties": {"q": {"type": "string"}},
        "additionalProperties": False,
        "required": ["q"],
    }
    assert schema == {"type": "object", "properties": {"q": {"type": "string"}}}
    loose = FunctionTool("t", "d", dict(schema), on_invoke, strict_json_schema=False)
    assert loose.params_json_schema == schema
    with pytest.raises(UserError):
        FunctionTool("t", "d", {"type": "object", "additionalProperties": True}, on_invoke)


async def test_timeout_returns_message_by_default() -> None:
    @function_tool(timeout=0.05)
    async def sleepy() -> str:
        await asyncio.sleep(5)
        return "late"

    assert sleepy.timeout_seconds == 0.05
    ctx = make_ctx(sleepy)
    out = await invoke_function_tool(function_tool=sleepy, context=ctx, arguments="{}")
    assert out == "Tool 'sleepy' timed out after 0.05 seconds."
    assert out == default_tool_timeout_error_message(tool_name="sleepy", timeout_seconds=0.05)


async def test_timeout_raise_exception_and_custom_message() -> None:
    async def sleepy() -> str:
        await asyncio.sleep(5)
        return "late"

    raising = function_tool(sleepy, timeout=0.05, timeout_behavior="raise_exception")
    with pytest.raises(ToolTimeoutError) as info:
        await invoke_function_tool(function_tool=raising, context=make_ctx(raising), arguments="{}")
    assert (info.value.tool_name, info.value.timeout_seconds) == ("sleepy", 0.05)

    async def fmt(ctx: RunContextWrapper[Any], error: Exception) -> str:
        assert isinstance(error, ToolTimeoutError)
        return f"custom {error.timeout_seconds}"

    custom = function_tool(sleepy, timeout=0.05, timeout_error_function=fmt)
    assert (
        await invoke_function_tool(function_tool=custom, context=make_ctx(custom), arguments="{}")
        == "custom 0.05"
    )


async def test_no_timeout_when_tool_is_fast() -> None:
    @function_tool(timeout=5)
    async def quick() -> str:
        return "ok"

    assert quick.timeout_seconds == 5.0
    assert (
        await invoke_function_tool(function_tool=quick, context=make_ctx(quick), arguments="{}")
        == "ok"
    )


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"timeout": 0}, ValueError),
        ({"timeout": -1}, ValueError),
        ({"timeout": float("inf")}, ValueError),
        ({"timeout": True}, TypeError),
        ({"timeout_behavior": "explode"}, ValueError),
    ],
)
def test_invalid_timeout_config(kwargs: dict[str, Any], error: type[Exception]) -> None:
    async def f() -> None:
        return None

    with pytest.raises(error):
        function_tool(f, **kwargs)


def test_timeout_on_sync_tool_is_rejected() -> None:
    def f() -> None:
        return None

    with pytest.raises(ValueError, match="only supported for async"):
        function_tool(f, timeout=1)


def test_copies_keep_working() -> None:
    import copy
    import dataclasses

    @function_tool
    def f(a: int) -> int:
        return a

    renamed = dataclasses.replace(f, name="g")
    assert renamed.name == "g" and renamed.params_json_schema == f.params_json_schema
    assert copy.copy(f).params_json_schema == f.params_json_schema


def _span_error_for(tool: FunctionTool, raw: str) -> Any:
    from agentkit.tracing.provider import DefaultTraceProvider
    from agentkit.tracing.span_data import FunctionSpanData

    provider = DefaultTraceProvider()
    trace = provider.create_trace("t")
    span = provider.create_span(
        FunctionSpanData(name=tool.name, input=None, output=None), parent=trace
    )

    async def go() -> Any:
        with trace, span:
            return await tool.on_invoke_tool(make_ctx(tool, raw), raw)

    return asyncio.run(go()), span.error


def test_handled_errors_are_recorded_on_the_span_redacted_by_default() -> None:
    @function_tool
    def boom(a: int) -> int:
        raise RuntimeError("secret detail")

    output, error = _span_error_for(boom, '{"a": 1}')
    assert output == DEFAULT_ERROR
    assert error == {
        "message": "Error running tool (non-fatal)",
        "data": {
            "tool_name": "boom",
            "error": "Tool execution failed. Error details are redacted.",
        },
    }


def test_custom_error_function_lets_details_into_the_span(monkeypatch: pytest.MonkeyPatch) -> None:
    def fmt(ctx: RunContextWrapper[Any], error: Exception) -> str:
        return "custom"

    @function_tool(failure_error_function=fmt)
    def boom(a: int) -> int:
        raise RuntimeError("visible detail")

    assert _span_error_for(boom, '{"a": 1}')[1]["data"]["error"] == "visible detail"
    # Redacted tool data (the default): the JSON error is reported without the arguments.
    monkeypatch.delenv("OPENAI_AGENTS_DONT_LOG_TOOL_DATA", raising=False)
    output, error = _span_error_for(boom, "{oops")
    assert error == {
        "message": "Error running tool (non-fatal)",
        "data": {"tool_name": "boom", "error": "Invalid JSON input for tool boom"},
    }
    monkeypatch.setenv("OPENAI_AGENTS_DONT_LOG_TOOL_DATA", "0")
    output, error = _span_error_for(boom, "{oops")
    assert output == "custom"
    assert error["message"] == "Error running tool"
    assert "Expecting property name" in error["data"]["error"]


async def test_argument_errors_are_redacted_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    @function_tool(failure_error_function=None)
    def f(n: int) -> int:
        return n

    monkeypatch.delenv("OPENAI_AGENTS_DONT_LOG_TOOL_DATA", raising=False)
    for raw in ('{"secret": ', '{"n": "secret"}'):
        with pytest.raises(ModelBehaviorError) as info:
            await invoke(f, raw)
        assert str(info.value) == "Invalid JSON input for tool f"
        assert info.value.__cause__ is None and info.value.__context__ is None

    monkeypatch.setenv("OPENAI_AGENTS_DONT_LOG_TOOL_DATA", "0")
    with pytest.raises(ModelBehaviorError, match="secret") as info:
        await invoke(f, '{"secret": ')
    assert isinstance(info.value.__cause__, json.JSONDecodeError)
    with pytest.raises(ModelBehaviorError, match="int_parsing"):
        await invoke(f, '{"n": "secret"}')


class Greeter:
    """Greets people politely.

    More about the class.
    """

    def __init__(self, greeting: str) -> None:
        self.greeting = greeting

    def __call__(self, name: str, times: int = 1) -> str:
        """Say hello.

        Args:
            name: Who to greet.
        """
        return " ".join([f"{self.greeting} {name}"] * times)


class Doubler:
    async def __call__(self, ctx: ToolContext[Any], x: int) -> str:
        return f"{ctx.tool_call_id}:{x * 2}"


async def test_callable_instances_become_tools() -> None:
    greeter = function_tool(Greeter("Hi"))
    assert greeter.name == "Greeter"
    # Both docstrings present: the class gives the description, __call__ the parameters.
    assert greeter.description == "Greets people politely.\n\nMore about the class."
    assert greeter.params_json_schema["properties"]["name"]["description"] == "Who to greet."
    assert await invoke(greeter, {"name": "Bo", "times": 2}) == "Hi Bo Hi Bo"

    doubler = function_tool(Doubler(), name_override="double")
    assert doubler.name == "double" and list(doubler.params_json_schema["properties"]) == ["x"]
    assert await invoke(doubler, {"x": 4}) == "call_1:8"


def test_unsupported_callable_objects_are_rejected() -> None:
    class Weird:
        __call__ = staticmethod(len)

    with pytest.raises(UserError, match="plain"):
        function_tool(Weird())


async def test_run_config_tool_error_formatter_rewords_only_the_default_message() -> None:
    from agentkit.run_config import RunConfig, ToolErrorFormatterArgs

    seen: list[ToolErrorFormatterArgs[Any]] = []

    async def formatter(args: ToolErrorFormatterArgs[Any]) -> str | None:
        seen.append(args)
        return None if args.call_id == "keep" else f"formatted: {args.default_message}"

    def boom(a: int) -> int:
        raise ValueError("bad")

    tool = function_tool(boom)
    config = RunConfig(tool_error_formatter=formatter)

    async def call(call_id: str, t: FunctionTool) -> Any:
        ctx = ToolContext(
            None, tool_name="boom", tool_call_id=call_id, tool_arguments="{}", run_config=config
        )
        return await t.on_invoke_tool(ctx, '{"a": 1}')

    assert await call("c1", tool) == f"formatted: {DEFAULT_ERROR}"
    args = seen[0]
    assert (args.kind, args.tool_type, args.tool_name, args.call_id) == (
        "tool_exception",
        "function",
        "boom",
        "c1",
    )
    assert isinstance(args.error, ValueError) and args.default_message == DEFAULT_ERROR
    # None keeps the default message.
    assert await call("keep", tool) == DEFAULT_ERROR
    # A tool's own failure_error_function is not reworded.
    custom = function_tool(boom, failure_error_function=lambda ctx, e: "mine")
    assert await call("c2", custom) == "mine"
    assert [a.call_id for a in seen] == ["c1", "keep"]
