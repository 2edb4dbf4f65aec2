"""`import agentkit` is cheap and has no side effects; public names resolve lazily."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

# `-I` drops PYTHONPATH: put this checkout first, so the tree under test is the one imported.
_THIS_TREE = f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parents[2])!r})\n"

PROBE = textwrap.dedent(
    """
    import json, logging, sys, threading

    events = []

    def hook(event, args):
        if event == "open" and not isinstance(args[0], int):  # an int is a descriptor already open
            path = str(args[0])
            if not path.endswith((".py", ".pyc", ".so", ".pth")) and "__pycache__" not in path:
                events.append(f"open {path}")
        elif event.startswith(("socket.", "_thread.start", "subprocess.", "os.fork")):
            events.append(event)

    before_modules = set(sys.modules)
    before_handlers = {name: list(logging.getLogger(name).handlers)
                       for name in ("agentkit", "openai.agents", "")}
    sys.addaudithook(hook)
    import agentkit
    sys.stdout.write(json.dumps({
        "events": events,
        "new_modules": sorted(set(sys.modules) - before_modules),
        "threads": threading.active_count(),
        "handlers_changed": any(
            logging.getLogger(name).handlers != handlers
            for name, handlers in before_handlers.items()
        ),
        "has_agent_attr_loaded": "Agent" in vars(agentkit),
    }))
    """
)


def _run_probe(code: str) -> Any:
    """What `code` writes to stdout as JSON, run in a fresh isolated interpreter on this tree."""
    out = subprocess.run(
        [sys.executable, "-I", "-B", "-c", _THIS_TREE + code],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def probe(code: str = PROBE) -> dict[str, object]:
    result: dict[str, object] = _run_probe(code)
    return result


def test_bare_import_loads_no_third_party_module_and_has_no_side_effects() -> None:
    result = probe()
    new_modules = result["new_modules"]
    assert isinstance(new_modules, list)
    heavy = [
        m
        for m in new_modules
        if m.split(".")[0] in {"httpx", "pydantic", "pydantic_core", "anyio", "httpcore"}
    ]
    assert heavy == []
    assert [m for m in new_modules if m.startswith("agentkit")] == ["agentkit"]
    assert result["events"] == []
    assert result["threads"] == 1
    assert result["handlers_changed"] is False
    assert result["has_agent_attr_loaded"] is False


def test_probe_notices_a_heavy_import() -> None:
    # The guard above is only worth something if the probe sees what an import drags in.
    result = probe(PROBE.replace("import agentkit\n", "import agentkit, httpx\n"))
    new_modules = result["new_modules"]
    assert isinstance(new_modules, list)
    assert "httpx" in new_modules


def test_public_name_resolves_lazily_and_is_cached() -> None:
    import agentkit

    model_cls = agentkit.Model
    from agentkit.models.interface import Model

    assert model_cls is Model
    assert vars(agentkit)["Model"] is Model


API_PROBE = textwrap.dedent(
    """
    import json, sys
    from agentkit import Agent, Runner, function_tool
    import pydantic._internal._model_construction  # loaded by any model class: a live control
    sys.stdout.write(json.dumps(sorted(sys.modules)))
    """
)

# What the API import must leave for later: the HTTP stack (first model request), the ~270 wire
# classes (first model answer), pydantic's plugin scan (`importlib.metadata`, first validator
# built), the RunState snapshot codec and the tracing exporter (first use of each), and asyncio
# with the ssl, subprocess and concurrent.futures modules it pulls in (first run), and the tool
# kinds a function-tool agent does not use.
DEFERRED = (
    "asyncio",
    "ssl",
    "httpx",
    "httpcore",
    "anyio",
    "agentkit.types.responses",
    "agentkit.types.chat",
    "importlib.metadata",
    "agentkit.run_state",
    "agentkit._run_state_codec",
    "agentkit.tracing.processors",
    "agentkit.client",
    # The other tool kinds, their custom-data hooks and the tool guardrails (first use of each).
    "agentkit._shell_tool",
    "agentkit._apply_patch_tool",
    "agentkit.editor",
    "agentkit._custom_tool",
    "agentkit._custom_data",
    "agentkit._tool_search",
    "agentkit._computer_lifecycle",
    "agentkit.tool_guardrails",
    # Tracing: first run, or first failing tool or handoff.
    "agentkit.tracing",
    # Nested handoff history (first nested handoff or first access to one of its names).
    "agentkit.handoffs.history",
    # Model retries: first settings with `retry`, or the first run.
    "agentkit.retry",
    # Run items and model responses (first run, or first use of one of their names).
    "agentkit.items",
)


def test_api_import_leaves_http_wire_types_and_validators_for_later() -> None:
    modules = _run_probe(API_PROBE)
    assert "agentkit.agent" in modules and "pydantic._internal._model_construction" in modules
    assert [m for m in DEFERRED if m in modules] == []


def test_api_names_still_resolve_what_they_deferred() -> None:
    code = textwrap.dedent(
        """
        import json
        import agentkit.items as items, agentkit.run as run, agentkit.tracing as tracing
        import agentkit.handoffs as handoffs
        from agentkit.handoffs import nest_handoff_history
        from agentkit.types.responses import ResponseInputItemParam, ResponseOutputItem
        from agentkit.run_state import RunState
        from agentkit.tracing.processors import BatchTraceProcessor
        print(json.dumps([
            items.TResponseInputItem is ResponseInputItemParam,
            items.TResponseOutputItem is ResponseOutputItem,
            run.RunState is RunState,
            tracing.BatchTraceProcessor is BatchTraceProcessor,
            nest_handoff_history is handoffs.history.nest_handoff_history,
        ]))
        """
    )
    assert _run_probe(code) == [True, True, True, True, True]


RUN_PROBE = textwrap.dedent(
    """
    import json, sys
    from agentkit import Agent, Runner, function_tool
    from agentkit.testing import ScriptedModel, assistant_message

    @function_tool
    def get_weather(city: str) -> str:
        \"\"\"Return the weather in a city.\"\"\"
        return f"sunny in {city}"

    agent = Agent(name="a", model=ScriptedModel([[assistant_message("hi")]]), tools=[get_weather])
    assert Runner.run_sync(agent, "Hi.").final_output == "hi"
    import agentkit._custom_tool  # loaded by the run (its tool kind is checked): a live control
    sys.stdout.write(json.dumps(sorted(sys.modules)))
    """
)

# What any run that does not pause, resume, hand off, call a shell tool or see a model call fail
# leaves for later: the retry policy types (first failed call, or `ModelSettings(retry=...)`),
# `RunState` and its snapshot codec (first paused turn, `to_state()` or resume), the resume code
# (first resume), the shell and apply-patch runtime (first shell item) and handoff execution
# (first handoff).
PLAIN_RUN_DEFERRED = (
    "agentkit.retry",
    "agentkit.run_state",
    "agentkit._run_state_codec",
    "agentkit._run.resume",
    "agentkit._run.shell_actions",
    "agentkit._run.handoff_execution",
)

# What a one-turn run of a function-tool agent that answers in text leaves for later: the
# custom-data hooks, the structured tool outputs and agents as tools (first tool call), the caller
# copy of custom tool outputs, the nested handoff history (first nested handoff) and the run error handler types (first error
# with a handler).
RUN_DEFERRED = (
    "agentkit._custom_data",
    "agentkit._tool_output",
    "agentkit._typed_tool_output",
    "agentkit._run.agent_tool",
    "agentkit._run.nesting",
    "agentkit.agent_tool_input",
    "agentkit.handoffs.history",
    "agentkit.run_error_handlers",
    *PLAIN_RUN_DEFERRED,
)


def test_one_turn_run_leaves_tool_call_modules_for_later() -> None:
    modules = _run_probe(RUN_PROBE)
    assert "agentkit._run.loop" in modules and "agentkit._custom_tool" in modules
    assert [m for m in RUN_DEFERRED if m in modules] == []


TOOL_RUN_PROBE = RUN_PROBE.replace(
    "from agentkit.testing import ScriptedModel, assistant_message",
    "from agentkit.testing import ScriptedModel, assistant_message, function_call",
).replace(
    'ScriptedModel([[assistant_message("hi")]])',
    'ScriptedModel([[function_call("get_weather", {"city": "Paris"}, call_id="c1")],'
    ' [assistant_message("hi")]])',
)


def test_function_tool_run_leaves_pause_resume_shell_and_handoff_modules_for_later() -> None:
    assert TOOL_RUN_PROBE != RUN_PROBE and "function_call(" in TOOL_RUN_PROBE
    modules = _run_probe(TOOL_RUN_PROBE)
    # A live control: the tool call ran (its output copy helper loads with the first call).
    assert "agentkit._typed_tool_output" in modules and "agentkit._tool_output" in modules
    assert [m for m in PLAIN_RUN_DEFERRED if m in modules] == []
