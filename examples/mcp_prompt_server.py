"""MCP guide, "Prompts": a server's prompt template becomes the agent's instructions.

Source: https://openai.github.io/openai-agents-python/mcp/ (Prompts) and the SDK's
examples/mcp/prompt_server. Ported by changing `from agents` to `from agentkit`; the example
server (`mcp_example_server.py`) is started over Streamable HTTP on 127.0.0.1 by `main()`.
"""

from __future__ import annotations

import asyncio
import os
import sys

from agentkit.mcp import MCPServer, MCPServerStreamableHttp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # mcp_common.py, beside this file
from mcp_common import choose_model, running_server

from agentkit import Agent, Runner, gen_trace_id, trace

MODEL = choose_model(
    [],
    answer="1. `process_user_input` trusts its input: validate it before use. "
    "2. Never pass it to eval() or a shell.",
)


async def show_available_prompts(mcp_server: MCPServer) -> None:
    print("=== AVAILABLE PROMPTS ===")
    prompts_result = await mcp_server.list_prompts()
    for prompt in prompts_result.prompts:
        print(f"Prompt: {prompt.name} - {prompt.description}")
    print()


async def get_instructions_from_prompt(
    mcp_server: MCPServer, prompt_name: str, **kwargs: str
) -> str:
    print(f"Getting instructions from prompt: {prompt_name}")
    prompt_result = await mcp_server.get_prompt(prompt_name, kwargs)
    content = prompt_result.messages[0].content
    instructions = content.text if hasattr(content, "text") else str(content)
    print("Generated instructions")
    return instructions


async def demo_code_review(mcp_server: MCPServer) -> None:
    print("=== CODE REVIEW DEMO ===")
    instructions = await get_instructions_from_prompt(
        mcp_server,
        "generate_code_review_instructions",
        focus="security vulnerabilities",
        language="python",
    )
    print(f"Instructions: {instructions}")
    agent = Agent(
        name="Code Reviewer Agent",
        instructions=instructions,
        mcp_servers=[mcp_server],
        model=MODEL,
    )
    message = "Please review this code: def process_user_input(user_input): ..."
    print(f"Running: {message[:60]}...")
    result = await Runner.run(starting_agent=agent, input=message)
    print(result.final_output)


async def main() -> None:
    with running_server("streamable-http") as url:
        async with MCPServerStreamableHttp(
            name="Simple Prompt Server", params={"url": url}
        ) as server:
            trace_id = gen_trace_id()
            with trace(workflow_name="Simple Prompt Demo", trace_id=trace_id):
                print(f"Trace: https://platform.openai.com/traces/trace?trace_id={trace_id}")
                await show_available_prompts(server)
                await demo_code_review(server)


if __name__ == "__main__":
    asyncio.run(main())
