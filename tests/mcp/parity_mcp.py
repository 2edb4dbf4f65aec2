"""Wire-parity check for MCP tools, run by hand (not collected by pytest).

Runs one program through upstream `agents` (under /opt/ref/bin/python) and through agentkit: an
agent with the peer MCP server over stdio, strict schemas, and the OpenAI Responses model talking
to the loopback server, plain and streamed. Compares the request bodies (tools, tool outputs),
the stream event names and the final output; generated ids are masked.

    python tests/mcp/parity_mcp.py            # run both sides, print differences (none: "same")
    python tests/mcp/parity_mcp.py --side X   # one side's JSON (X: agents|agentkit)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
REF_PYTHON = os.environ.get("REF_PYTHON", "/opt/ref/bin/python")
PEER = str(ROOT / "tests/mcp/peer_server.py")


async def program(side: str, streamed: bool) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from tests.openai_server import OpenAIServer
    from tests.openai_server import builders as b

    if side == "agents":
        from agents import Agent, OpenAIResponsesModel, Runner
        from agents.mcp import MCPServerStdio
        from openai import AsyncOpenAI
    else:
        from agentkit.mcp import MCPServerStdio

        from agentkit import Agent, OpenAIResponsesModel, Runner
        from agentkit.client import AsyncOpenAI

    with OpenAIServer() as server:
        if streamed:
            server.queue(b.stream_response_function_call("get_weather", '{"city":"Oslo"}'))
            server.queue(b.stream_response_function_call("mixed", "{}"))
            server.queue(b.stream_response_text("done"))
        else:
            server.queue(b.response_function_call("get_weather", {"city": "Oslo"}, call_id="c1"))
            server.queue(b.response_function_call("mixed", {}, call_id="c2"))
            server.queue(b.response_text("done"))
        client = AsyncOpenAI(api_key="sk-test", base_url=server.base_url)
        model = OpenAIResponsesModel(model="gpt-4.1", openai_client=client)
        params: Any = {"command": sys.executable, "args": [PEER]}
        async with MCPServerStdio(params, cache_tools_list=True) as mcp_server:
            agent = Agent(
                name="a",
                model=model,
                mcp_servers=[mcp_server],
                mcp_config={"convert_schemas_to_strict": True},
            )
            events: list[str] = []
            if streamed:
                result: Any = Runner.run_streamed(agent, "hi")
                async for event in result.stream_events():
                    events.append(getattr(event, "name", None) or event.type)
            else:
                result = await Runner.run(agent, "hi")
        bodies = [request.json for request in server.requests_to("/responses")]
    return {"requests": bodies, "events": events, "final_output": result.final_output}


def masked(text: str) -> str:
    return re.sub(r': "(fc|call|msg|resp)_[0-9a-zA-Z_-]+"', r': "\1_<id>"', text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--side", choices=["agents", "agentkit"])
    args = parser.parse_args()
    if args.side:
        out = {
            mode: asyncio.run(program(args.side, mode == "streamed"))
            for mode in ("plain", "streamed")
        }
        print(masked(json.dumps(out, indent=1, sort_keys=True)))
        return
    env = {**os.environ, "OPENAI_AGENTS_DISABLE_TRACING": "1", "AGENTKIT_DISABLE_TRACING": "1"}
    outputs = {}
    for side, python in (("agents", REF_PYTHON), ("agentkit", sys.executable)):
        outputs[side] = subprocess.run(
            [python, __file__, "--side", side], env=env, capture_output=True, text=True, check=True
        ).stdout
    if outputs["agents"] == outputs["agentkit"]:
        print("same")
        return
    import difflib

    print(
        "".join(
            difflib.unified_diff(
                outputs["agents"].splitlines(True),
                outputs["agentkit"].splitlines(True),
                "agents",
                "agentkit",
            )
        )
    )


if __name__ == "__main__":
    main()
