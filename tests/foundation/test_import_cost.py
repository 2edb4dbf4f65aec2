"""`import agentkit` is cheap and has no side effects; public names resolve lazily."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

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


def probe(code: str = PROBE) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-I", "-B", "-c", code], capture_output=True, text=True, check=True
    ).stdout
    result: dict[str, object] = json.loads(out)
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
