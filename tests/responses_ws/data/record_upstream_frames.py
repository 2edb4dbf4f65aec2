"""Record the `response.create` frames openai-agents 0.24 sends over the Responses WebSocket for
the two-turn tool scenario of tests/responses_ws/test_responses_ws.py.

    .venv/bin/python tests/responses_ws/data/record_upstream_frames.py [/opt/ref/bin/python]

rewrites tests/responses_ws/data/upstream_frames.json (plus the handshake path).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from tests.openai_server import builders as b  # noqa: E402
from tests.responses_ws.ws_server import ResponsesWebSocketServer  # noqa: E402

CHILD = r'''
import asyncio, sys
import agents as top

@top.function_tool
def get_weather(city: str) -> str:
    """Weather in a city.

    Args:
        city: The city.
    """
    return f"Sunny in {city}."

async def main():
    provider = top.OpenAIProvider(api_key="sk-test", base_url=sys.argv[1], use_responses_websocket=True)
    agent = top.Agent(name="a", instructions="Be brief.", tools=[get_weather], model="gpt-4.1")
    config = top.RunConfig(model_provider=provider, tracing_disabled=True)
    result = await top.Runner.run(agent, "Weather in Paris?", run_config=config)
    await provider.aclose()
    print(result.final_output)

asyncio.run(main())
'''


def main() -> None:
    python = sys.argv[1] if len(sys.argv) > 1 else "/opt/ref/bin/python"
    server = ResponsesWebSocketServer()
    server.queue(
        [b.function_call_item("get_weather", {"city": "Paris"}, id="fc_1", call_id="call_1")]
    )
    server.queue([b.message_item("It is sunny in Paris.")])
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    async def serve() -> None:
        await server.__aenter__()
        ready.set()
        await asyncio.Event().wait()

    threading.Thread(target=lambda: loop.run_until_complete(serve()), daemon=True).start()
    ready.wait(10)
    done = subprocess.run(
        [python, "-c", CHILD, server.base_url],
        capture_output=True,
        text=True,
        check=True,
        env={"OPENAI_AGENTS_DISABLE_TRACING": "1", "PATH": ""},
    )
    assert done.stdout.strip() == "It is sunny in Paris.", done.stdout
    record = {"path": server.handshakes[0][0], "frames": server.frames, "errors": server.errors}
    (HERE / "upstream_frames.json").write_text(json.dumps(record, indent=1) + "\n")
    print(f"recorded {len(server.frames)} frames, {len(server.errors)} spec errors")


if __name__ == "__main__":
    main()
