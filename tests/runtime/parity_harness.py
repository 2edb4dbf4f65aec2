"""Wire-parity harness, run by hand (not collected by pytest).

Runs the same scripted agent programs through upstream `agents` (under /opt/ref/bin/python) and
through agentkit, with a recording `Model`, and diffs what the model received (instructions,
input items, tools, handoffs, settings, output schema) and what the run produced (new items as
input, final output, stream event names).

    python tests/runtime/parity_harness.py            # compare both, print differences
    DEV_PYTHON=.venv/bin/python python tests/runtime/parity_harness.py   # against this checkout
    python tests/runtime/parity_harness.py --lib X    # print one side's JSON (X: agents|agentkit)
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import subprocess
import sys
from types import SimpleNamespace
from typing import Any

# Override with the REF_PYTHON / DEV_PYTHON environment variables (e.g. DEV_PYTHON=.venv/bin/python
# to check a worktree's editable install).
from tests._reference import REF_PYTHON

DEV_PYTHON = os.environ.get("DEV_PYTHON", "/opt/dev/bin/python")


def load(lib: str) -> SimpleNamespace:
    if lib == "agents":
        import agents as A
        from agents import ModelResponse, Usage
        from agents.extensions.handoff_filters import remove_all_tools
        from agents.extensions.handoff_prompt import prompt_with_handoff_instructions
        from agents.models.interface import Model
        from openai.types.responses import (
            Response,
            ResponseCompletedEvent,
            ResponseFunctionToolCall,
            ResponseOutputMessage,
            ResponseOutputText,
        )

        return SimpleNamespace(
            Agent=A.Agent,
            Runner=A.Runner,
            RunConfig=A.RunConfig,
            ModelSettings=A.ModelSettings,
            function_tool=A.function_tool,
            handoff=A.handoff,
            input_guardrail=A.input_guardrail,
            output_guardrail=A.output_guardrail,
            GuardrailFunctionOutput=A.GuardrailFunctionOutput,
            ModelInputData=__import__("agents.run_config", fromlist=["x"]).ModelInputData,
            Model=Model,
            ModelResponse=ModelResponse,
            Usage=Usage,
            Response=Response,
            ResponseCompletedEvent=ResponseCompletedEvent,
            ResponseFunctionToolCall=ResponseFunctionToolCall,
            ResponseOutputMessage=ResponseOutputMessage,
            ResponseOutputText=ResponseOutputText,
            remove_all_tools=remove_all_tools,
            prompt_with_handoff_instructions=prompt_with_handoff_instructions,
            StopAtTools=A.StopAtTools,
            RunHooks=A.RunHooks,
            AgentHooks=A.AgentHooks,
            SQLiteSession=A.SQLiteSession,
        )
    from agentkit.agent import Agent, StopAtTools
    from agentkit.extensions.handoff_filters import remove_all_tools
    from agentkit.extensions.handoff_prompt import prompt_with_handoff_instructions
    from agentkit.guardrail import GuardrailFunctionOutput, input_guardrail, output_guardrail
    from agentkit.handoffs import handoff
    from agentkit.items import ModelResponse
    from agentkit.lifecycle import AgentHooks, RunHooks
    from agentkit.memory import SQLiteSession
    from agentkit.model_settings import ModelSettings
    from agentkit.models.interface import Model
    from agentkit.run import Runner
    from agentkit.run_config import ModelInputData, RunConfig
    from agentkit.tool import function_tool
    from agentkit.types.responses import (
        Response,
        ResponseCompletedEvent,
        ResponseFunctionToolCall,
        ResponseOutputMessage,
        ResponseOutputText,
    )
    from agentkit.usage import Usage

    return SimpleNamespace(
        Agent=Agent,
        Runner=Runner,
        RunConfig=RunConfig,
        ModelSettings=ModelSettings,
        function_tool=function_tool,
        handoff=handoff,
        input_guardrail=input_guardrail,
        output_guardrail=output_guardrail,
        GuardrailFunctionOutput=GuardrailFunctionOutput,
        ModelInputData=ModelInputData,
        Model=Model,
        ModelResponse=ModelResponse,
        Usage=Usage,
        Response=Response,
        ResponseCompletedEvent=ResponseCompletedEvent,
        ResponseFunctionToolCall=ResponseFunctionToolCall,
        ResponseOutputMessage=ResponseOutputMessage,
        ResponseOutputText=ResponseOutputText,
        remove_all_tools=remove_all_tools,
        prompt_with_handoff_instructions=prompt_with_handoff_instructions,
        StopAtTools=StopAtTools,
        RunHooks=RunHooks,
        AgentHooks=AgentHooks,
        SQLiteSession=SQLiteSession,
    )


def jsonable(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return jsonable(dump(exclude_unset=True, mode="json"))
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(type(value).__name__)


def tool_view(tool: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"class": type(tool).__name__, "name": getattr(tool, "name", None)}
    for attr in ("description", "params_json_schema", "strict_json_schema"):
        if hasattr(tool, attr):
            out[attr] = jsonable(getattr(tool, attr))
    return out


def settings_view(settings: Any) -> dict[str, Any]:
    fields = [
        "temperature",
        "top_p",
        "tool_choice",
        "parallel_tool_calls",
        "max_tokens",
        "metadata",
        "store",
        "extra_args",
        "truncation",
        "top_logprobs",
        "response_include",
    ]
    return {f: jsonable(getattr(settings, f, None)) for f in fields}


def make_model(ns: SimpleNamespace, script: list[list[Any]], calls: list[dict[str, Any]]) -> Any:
    class Recording(ns.Model):  # type: ignore[misc, name-defined]
        def __init__(self) -> None:
            self.script = list(script)

        def _record(self, *args: Any, streamed: bool, **kwargs: Any) -> list[Any]:
            names = [
                "system_instructions",
                "input",
                "model_settings",
                "tools",
                "output_schema",
                "handoffs",
                "tracing",
            ]
            bound = dict(zip(names, args, strict=False))
            bound.update({k: v for k, v in kwargs.items() if k in names})
            system, input, settings, tools, output_schema, handoffs = (bound[n] for n in names[:6])
            calls.append(
                {
                    "streamed": streamed,
                    "instructions": system,
                    "input": jsonable(copy.deepcopy(input)),
                    "settings": settings_view(settings),
                    "tools": [tool_view(t) for t in tools],
                    "output_schema": jsonable(output_schema.json_schema())
                    if output_schema is not None
                    else None,
                    "handoffs": [
                        {
                            "tool_name": h.tool_name,
                            "tool_description": h.tool_description,
                            "input_json_schema": h.input_json_schema,
                            "strict": h.strict_json_schema,
                        }
                        for h in handoffs
                    ],
                    "previous_response_id": kwargs.get("previous_response_id"),
                    "conversation_id": kwargs.get("conversation_id"),
                    "prompt": jsonable(kwargs.get("prompt")),
                }
            )
            return self.script.pop(0)

        async def get_response(self, *args: Any, **kwargs: Any) -> Any:
            output = self._record(*args, streamed=False, **kwargs)
            return ns.ModelResponse(
                output=output,
                usage=ns.Usage(requests=1, input_tokens=10, output_tokens=5, total_tokens=15),
                response_id=f"resp_{len(calls)}",
            )

        async def stream_response(self, *args: Any, **kwargs: Any) -> Any:
            output = self._record(*args, streamed=True, **kwargs)
            response = ns.Response(
                id=f"resp_{len(calls)}",
                created_at=0,
                model="m",
                object="response",
                output=output,
                parallel_tool_calls=True,
                tool_choice="auto",
                tools=[],
            )
            yield ns.ResponseCompletedEvent(
                type="response.completed", response=response, sequence_number=0
            )

    return Recording()


def msg(ns: SimpleNamespace, text: str, i: int = 0) -> Any:
    return ns.ResponseOutputMessage(
        id=f"msg_{i}",
        type="message",
        role="assistant",
        status="completed",
        content=[ns.ResponseOutputText(type="output_text", text=text, annotations=[], logprobs=[])],
    )


def call(ns: SimpleNamespace, name: str, args: str, cid: str) -> Any:
    return ns.ResponseFunctionToolCall(
        id=f"fc_{cid}", call_id=cid, type="function_call", name=name, arguments=args
    )


def scenarios(ns: SimpleNamespace) -> dict[str, Any]:
    from pydantic import BaseModel

    @ns.function_tool
    def get_weather(city: str, unit: str = "c") -> str:
        """Get the weather.

        Args:
            city: The city.
            unit: The unit.
        """
        return f"sunny in {city}"

    @ns.function_tool
    def broken(x: int) -> str:
        """Always fails."""
        raise ValueError("boom")

    class Answer(BaseModel):
        value: int
        reason: str

    out: dict[str, Any] = {}

    def agent(**kw: Any) -> Any:
        return ns.Agent(**kw)

    out["simple"] = (
        lambda m: agent(
            name="Simple agent",
            instructions="Be brief.",
            model=m,
            model_settings=ns.ModelSettings(temperature=0.3, max_tokens=50),
        ),
        [[msg(ns, "hello")]],
        "hi",
        {"run_config": lambda: ns.RunConfig(model_settings=ns.ModelSettings(top_p=0.5))},
    )
    out["tools"] = (
        lambda m: agent(
            name="Tools",
            instructions=lambda ctx, a: f"dynamic for {a.name}",
            tools=[get_weather, broken],
            model=m,
            model_settings=ns.ModelSettings(tool_choice="required"),
        ),
        [
            [
                call(ns, "get_weather", '{"city":"Paris","unit":"c"}', "c1"),
                call(ns, "broken", '{"x":1}', "c2"),
            ],
            [call(ns, "get_weather", '{"city":"Rome","unit":"f"}', "c3")],
            [msg(ns, "done")],
        ],
        [{"role": "user", "content": "weather?"}],
        {},
    )
    out["stop_on_first_tool"] = (
        lambda m: agent(
            name="Stopper", tools=[get_weather], model=m, tool_use_behavior="stop_on_first_tool"
        ),
        [[call(ns, "get_weather", '{"city":"Oslo","unit":"c"}', "c1")]],
        "go",
        {},
    )
    out["structured"] = (
        lambda m: agent(name="Struct", output_type=Answer, model=m),
        [[msg(ns, '{"value": 3, "reason": "because"}')]],
        "compute",
        {},
    )
    out["structured_list"] = (
        lambda m: agent(name="StructList", output_type=list[int], model=m),
        [[msg(ns, '{"response": [1, 2]}')]],
        "compute",
        {},
    )

    def handoff_program(nest: bool, use_filter: bool, multi: bool) -> Any:
        def build(m: Any) -> Any:
            billing = agent(
                name="Billing agent",
                handoff_description="Handles billing",
                instructions=ns.prompt_with_handoff_instructions("You do billing."),
                model=m,
                tools=[get_weather],
            )
            refunds = agent(name="Refunds", model=m)
            hand = ns.handoff(billing, input_filter=ns.remove_all_tools) if use_filter else billing
            return agent(
                name="Triage",
                instructions="Route.",
                handoffs=[hand, refunds],
                tools=[get_weather],
                model=m,
            )

        script = [
            [call(ns, "get_weather", '{"city":"A","unit":"c"}', "w1")],
            [msg(ns, "routing", 1), call(ns, "transfer_to_billing_agent", "{}", "h1")]
            + ([call(ns, "transfer_to_refunds", "{}", "h2")] if multi else []),
            [msg(ns, "billing done", 2)],
        ]
        return (
            build,
            script,
            [{"role": "user", "content": "I need a refund"}],
            {"run_config": lambda: ns.RunConfig(nest_handoff_history=nest)},
        )

    out["handoff_plain"] = handoff_program(False, False, False)
    out["handoff_nested"] = handoff_program(True, False, False)
    out["handoff_filter"] = handoff_program(True, True, False)
    out["handoff_multi"] = handoff_program(False, False, True)

    def as_tool_build(m: Any) -> Any:
        translator = agent(name="Translator", instructions="Translate.", model=m)
        return agent(
            name="Orchestrator",
            tools=[translator.as_tool(tool_name="translate", tool_description="Translate text")],
            model=m,
        )

    class TranslateArgs(BaseModel):
        """Translation request."""

        text: str
        target: str | None = None

    def as_tool_structured(m: Any) -> Any:
        from pydantic import Field as F

        class Args(BaseModel):
            text: str = F(description="Text to translate")
            target: str = F(description="Language")

        translator = agent(name="Translator", model=m)
        return agent(
            name="Orchestrator",
            tools=[
                translator.as_tool("translate", "Translate", parameters=Args),
                translator.as_tool(
                    "translate2", "Translate", parameters=TranslateArgs, include_input_schema=True
                ),
            ],
            model=m,
        )

    out["as_tool_structured"] = (
        as_tool_structured,
        [
            [
                call(ns, "translate", '{"text":"hi","target":"es"}', "t1"),
                call(ns, "translate2", '{"text":"yo","target":null}', "t2"),
            ],
            [msg(ns, "hola")],
            [msg(ns, "yo!")],
            [msg(ns, "done")],
        ],
        "x",
        {},
    )
    out["as_tool"] = (
        as_tool_build,
        [
            [call(ns, "translate", '{"input":"bonjour"}', "t1")],
            [msg(ns, "hello")],
            [msg(ns, "it says hello")],
        ],
        "translate bonjour",
        {},
    )

    def input_filter(data: Any) -> Any:
        return ns.ModelInputData(
            input=[*data.model_data.input, {"role": "user", "content": "extra"}],
            instructions=(data.model_data.instructions or "") + " (filtered)",
        )

    out["session"] = (
        lambda m: agent(name="S", model=m, tools=[get_weather]),
        [[call(ns, "get_weather", '{"city":"E","unit":"c"}', "s1")], [msg(ns, "ok")]],
        "new question",
        {"session": lambda: ns.SQLiteSession("parity", ":memory:")},
        "seed_session",
    )
    out["call_model_input_filter"] = (
        lambda m: agent(name="F", instructions="base", model=m),
        [[msg(ns, "ok")]],
        "x",
        {"run_config": lambda: ns.RunConfig(call_model_input_filter=input_filter)},
    )
    out["previous_response_id"] = (
        lambda m: agent(name="Prev", tools=[get_weather], model=m),
        [[call(ns, "get_weather", '{"city":"B","unit":"c"}', "p1")], [msg(ns, "ok")]],
        "x",
        {"auto_previous_response_id": True},
    )
    hook_log: list[str] = []

    class RH(ns.RunHooks):  # type: ignore[misc, name-defined]
        async def on_agent_start(self, context: Any, agent: Any) -> None:
            hook_log.append(f"agent_start:{agent.name}:{len(context.turn_input)}")

        async def on_agent_end(self, context: Any, agent: Any, output: Any) -> None:
            hook_log.append(f"agent_end:{agent.name}:{output}")

        async def on_llm_start(
            self, context: Any, agent: Any, system_prompt: Any, input_items: Any
        ) -> None:
            hook_log.append(f"llm_start:{agent.name}:{len(input_items)}")

        async def on_llm_end(self, context: Any, agent: Any, response: Any) -> None:
            hook_log.append(f"llm_end:{agent.name}:{context.usage.requests}")

        async def on_handoff(self, context: Any, from_agent: Any, to_agent: Any) -> None:
            hook_log.append(f"handoff:{from_agent.name}->{to_agent.name}")

        async def on_tool_start(self, context: Any, agent: Any, tool: Any) -> None:
            hook_log.append(f"tool_start:{tool.name}:{getattr(context, 'tool_call_id', None)}")

        async def on_tool_end(self, context: Any, agent: Any, tool: Any, result: Any) -> None:
            hook_log.append(f"tool_end:{tool.name}:{result}")

    class AH(ns.AgentHooks):  # type: ignore[misc, name-defined]
        async def on_start(self, context: Any, agent: Any) -> None:
            hook_log.append(f"A.start:{agent.name}")

        async def on_end(self, context: Any, agent: Any, output: Any) -> None:
            hook_log.append(f"A.end:{agent.name}")

        async def on_handoff(self, context: Any, agent: Any, source: Any) -> None:
            hook_log.append(f"A.handoff:{source.name}->{agent.name}")

        async def on_tool_start(self, context: Any, agent: Any, tool: Any) -> None:
            hook_log.append(f"A.tool_start:{tool.name}")

        async def on_tool_end(self, context: Any, agent: Any, tool: Any, result: Any) -> None:
            hook_log.append(f"A.tool_end:{tool.name}")

        async def on_llm_start(
            self, context: Any, agent: Any, system_prompt: Any, input_items: Any
        ) -> None:
            hook_log.append(f"A.llm_start:{agent.name}")

        async def on_llm_end(self, context: Any, agent: Any, response: Any) -> None:
            hook_log.append(f"A.llm_end:{agent.name}")

    def hooks_build(m: Any) -> Any:
        hook_log.clear()
        second = agent(name="Second", model=m, hooks=AH())
        return agent(name="First", model=m, tools=[get_weather], handoffs=[second], hooks=AH())

    out["hooks"] = (
        hooks_build,
        [
            [call(ns, "get_weather", '{"city":"C","unit":"c"}', "k1")],
            [call(ns, "transfer_to_second", "{}", "k2")],
            [msg(ns, "fin")],
        ],
        "hello",
        {"hooks": lambda: RH()},
        hook_log,
    )

    @ns.input_guardrail
    def block(ctx: Any, agent_: Any, input_: Any) -> Any:
        return ns.GuardrailFunctionOutput(
            output_info={"n": 1}, tripwire_triggered="bad" in str(input_)
        )

    @ns.output_guardrail
    async def check_out(ctx: Any, agent_: Any, output: Any) -> Any:
        return ns.GuardrailFunctionOutput(output_info=None, tripwire_triggered=output == "leak")

    out["guardrail_trip"] = (
        lambda m: agent(name="G", model=m, input_guardrails=[block]),
        [[msg(ns, "never")]],
        "bad input",
        {},
    )
    out["output_guardrail_trip"] = (
        lambda m: agent(name="O", model=m, output_guardrails=[check_out]),
        [[msg(ns, "leak")]],
        "x",
        {},
    )
    out["max_turns"] = (
        lambda m: agent(name="Loop", model=m, tools=[get_weather]),
        [[call(ns, "get_weather", '{"city":"D","unit":"c"}', f"m{i}")] for i in range(3)],
        "x",
        {"max_turns": 2},
    )
    out["unknown_tool"] = (
        lambda m: agent(name="U", model=m, tools=[get_weather]),
        [[call(ns, "nope", "{}", "u1")]],
        "x",
        {},
    )
    out["tool_not_found_to_model"] = (
        lambda m: agent(name="U2", model=m, tools=[get_weather]),
        [[call(ns, "nope", "{}", "u1")], [msg(ns, "ok")]],
        "x",
        {"run_config": lambda: ns.RunConfig(tool_not_found_behavior="return_error_to_model")},
    )
    out["bad_json_output"] = (
        lambda m: agent(name="BJ", model=m, output_type=Answer),
        [[msg(ns, "not json")]],
        "x",
        {},
    )
    out["bad_tool_args"] = (
        lambda m: agent(name="BA", model=m, tools=[get_weather]),
        [[call(ns, "get_weather", '{"town": 1}', "b1")], [msg(ns, "ok")]],
        "x",
        {},
    )
    return out


def install_span_collector(lib: str) -> list[Any]:
    spans: list[Any] = []
    if lib == "agents":
        from agents.tracing import TracingProcessor, set_trace_processors, set_tracing_disabled
    else:
        from agentkit.tracing import TracingProcessor, set_trace_processors, set_tracing_disabled

    class Collector(TracingProcessor):  # type: ignore[misc]
        def on_trace_start(self, trace: Any) -> None:
            spans.append(("trace", trace.trace_id, None, trace.name))

        def on_trace_end(self, trace: Any) -> None:
            pass

        def on_span_start(self, span: Any) -> None:
            pass

        def on_span_end(self, span: Any) -> None:
            data = span.span_data.export()
            label = data.get("name") or data.get("from_agent") or ""
            if data.get("type") == "custom":
                label = data.get("data", {}).get("sdk_span_type", "")
                data = {**data, "type": "custom:" + str(label)}
            spans.append((data.get("type"), span.span_id, span.parent_id, label, span.error))

        def shutdown(self) -> None:
            pass

        def force_flush(self) -> None:
            pass

    set_tracing_disabled(False)
    set_trace_processors([Collector()])
    return spans


def span_tree(spans: list[Any]) -> list[str]:
    kinds = {s[1]: s for s in spans}
    out = []
    for s in spans:
        if s[0] == "trace":
            out.append(f"trace:{s[3]}")
            continue
        path = []
        parent = s[2]
        while parent in kinds and kinds[parent][0] != "trace":
            path.append(kinds[parent][0])
            parent = kinds[parent][2]
        error = s[4]["message"] if s[4] else None
        out.append(
            " > ".join(reversed([*path, f"{s[0]}({s[3]})"])) + (f" !{error}" if error else "")
        )
    return out


async def run_all(lib: str) -> dict[str, Any]:
    ns = load(lib)
    spans = install_span_collector(lib)
    results: dict[str, Any] = {}
    for name, (build, script, input, kwargs, *extra) in scenarios(ns).items():
        seed = bool(extra and extra[0] == "seed_session")
        if seed:
            extra = []
        for streamed in (False, True):
            spans.clear()
            calls: list[dict[str, Any]] = []
            model = make_model(ns, copy.deepcopy(script), calls)
            agent = build(model)
            kw = {k: (v() if callable(v) else v) for k, v in kwargs.items()}
            if seed:
                await kw["session"].add_items(
                    [
                        {"role": "user", "content": "old question"},
                        {"role": "assistant", "content": "old answer"},
                    ]
                )
            record: dict[str, Any] = {}
            try:
                if streamed:
                    res = ns.Runner.run_streamed(agent, copy.deepcopy(input), **kw)
                    events = []
                    async for e in res.stream_events():
                        if e.type == "run_item_stream_event":
                            events.append(e.name)
                        elif e.type == "agent_updated_stream_event":
                            events.append(f"agent:{e.new_agent.name}")
                    record["events"] = events
                else:
                    res = await ns.Runner.run(agent, copy.deepcopy(input), **kw)
                record["final_output"] = jsonable(res.final_output)
                record["new_items"] = [type(i).__name__ for i in res.new_items]
                record["to_input_list"] = jsonable(res.to_input_list())
                record["last_agent"] = res.last_agent.name
                record["usage"] = res.context_wrapper.usage.requests
                if "session" in kw:
                    record["session_items"] = jsonable(await kw["session"].get_items())
            except Exception as e:
                record["error"] = f"{type(e).__name__}: {e}"
                run_data = getattr(e, "run_data", None)
                if run_data is not None:
                    record["error_new_items"] = [type(i).__name__ for i in run_data.new_items]
            if extra:
                record["log"] = list(extra[0])
            await asyncio.sleep(0)
            record["spans"] = span_tree(spans)
            record["calls"] = calls
            results[f"{name}{'/streamed' if streamed else ''}"] = record
    return results


def diff(a: Any, b: Any, path: str = "") -> list[str]:
    if type(a) is not type(b):
        return [f"{path}: {json.dumps(a)[:300]} != {json.dumps(b)[:300]}"]
    if isinstance(a, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(
                    f"{path}.{k}: only in {'agents' if k in a else 'agentkit'}: "
                    f"{json.dumps(a.get(k, b.get(k)))[:300]}"
                )
            else:
                out.extend(diff(a[k], b[k], f"{path}.{k}"))
        return out
    if isinstance(a, list):
        if len(a) != len(b):
            return [
                f"{path}: length {len(a)} != {len(b)}: {json.dumps(a)[:400]} vs {json.dumps(b)[:400]}"
            ]
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            out.extend(diff(x, y, f"{path}[{i}]"))
        return out
    return [] if a == b else [f"{path}: {json.dumps(a)[:300]} != {json.dumps(b)[:300]}"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lib", choices=["agents", "agentkit"])
    args = parser.parse_args()
    if args.lib:
        os.environ.setdefault("OPENAI_API_KEY", "sk-test-parity")
        print(json.dumps(asyncio.run(run_all(args.lib))))
        return
    here = os.path.abspath(__file__)
    outputs = {}
    for lib, python in (("agents", REF_PYTHON), ("agentkit", DEV_PYTHON)):
        proc = subprocess.run(
            [python, here, "--lib", lib],
            capture_output=True,
            text=True,
            cwd="/tmp",
            env={**os.environ},
        )
        if proc.returncode != 0:
            print(proc.stderr)
            sys.exit(1)
        outputs[lib] = json.loads(proc.stdout.strip().splitlines()[-1])
    differences = diff(outputs["agents"], outputs["agentkit"])
    for line in differences:
        print(line)
    print(f"{len(differences)} difference(s) across {len(outputs['agents'])} runs")


if __name__ == "__main__":
    main()
