"""One agent run with runner-managed retries, written against the `agents` API so it runs on
upstream `agents` 0.24 (under /opt/ref/bin/python) and on agentkit alike (only the imports
differ). Prints what the run produced as JSON: the final output or the error, the usage, the
stream event types, and the tracing spans.

    python tests/retry/retry_program.py '{"lib": "agentkit", "base_url": "...", ...}'
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from typing import Any


def _client(lib: str, base_url: str, max_retries: int) -> Any:
    if lib == "agents":
        from openai import AsyncOpenAI
    else:
        from agentkit.client import AsyncOpenAI
    return AsyncOpenAI(base_url=base_url, api_key="sk-test", max_retries=max_retries)


def _policy(retry_module: Any, spec: Any) -> Any:
    """A policy from its JSON description: a name, ["http_status", [codes]] or ["any", ...]."""
    policies = retry_module.retry_policies
    if spec is None:
        return None
    if isinstance(spec, str):
        return getattr(policies, spec)()
    name, *args = spec
    if name == "http_status":
        return policies.http_status(args[0])
    return getattr(policies, name)(*(_policy(retry_module, a) for a in args))


class _Spans:
    def __init__(self) -> None:
        self.spans: list[Any] = []

    def on_trace_start(self, trace: Any) -> None: ...
    def on_trace_end(self, trace: Any) -> None: ...
    def on_span_start(self, span: Any) -> None: ...

    def on_span_end(self, span: Any) -> None:
        self.spans.append(span)

    def shutdown(self) -> None: ...
    def force_flush(self) -> None: ...


def _span_view(span: Any) -> dict[str, Any]:
    data = span.span_data
    view: dict[str, Any] = {"type": data.type, "error": (span.error or {}).get("message")}
    usage = getattr(data, "usage", None)
    if usage:
        view["usage_requests"] = usage.get("requests")
        view["usage_input_tokens"] = usage.get("input_tokens")
    return view


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    lib = spec["lib"]
    A = importlib.import_module(lib)
    R = importlib.import_module(f"{lib}.retry")
    tracing = importlib.import_module(f"{lib}.tracing")
    collector = _Spans()
    tracing.set_trace_processors([collector])
    client = _client(lib, spec["base_url"], spec.get("client_max_retries", 0))
    provider = A.OpenAIProvider(openai_client=client, use_responses=spec["api"] == "responses")
    retry = spec.get("retry")
    settings = A.ModelSettings(
        retry=None
        if retry is None
        else R.ModelRetrySettings(
            max_retries=retry.get("max_retries"),
            backoff=retry.get("backoff"),
            policy=_policy(R, retry.get("policy")),
        ),
        timeout=spec.get("timeout"),
    )
    agent = A.Agent(name="Assistant", model="gpt-4.1", model_settings=settings)
    config = A.RunConfig(model_provider=provider, workflow_name="retry")
    kwargs: dict[str, Any] = {"run_config": config}
    if spec.get("previous_response_id"):
        kwargs["previous_response_id"] = spec["previous_response_id"]
    out: dict[str, Any] = {"events": []}
    try:
        if spec.get("stream"):
            result = A.Runner.run_streamed(agent, "hi", **kwargs)
            async for event in result.stream_events():
                if event.type == "raw_response_event":
                    out["events"].append(event.data.type)
        else:
            result = await A.Runner.run(agent, "hi", **kwargs)
        out["final_output"] = result.final_output
        usage = result.context_wrapper.usage
        out["usage"] = {
            "requests": usage.requests,
            "input_tokens": usage.input_tokens,
            "entries": [[e.input_tokens, e.output_tokens] for e in usage.request_usage_entries],
        }
    except Exception as e:
        out["error"] = type(e).__name__
    tracing.get_trace_provider().force_flush()
    out["spans"] = [_span_view(s) for s in collector.spans]
    return out


if __name__ == "__main__":
    print(json.dumps(asyncio.run(run(json.loads(sys.argv[1])))))
