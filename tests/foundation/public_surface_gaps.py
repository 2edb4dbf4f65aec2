"""Why each public module or name of openai-agents 0.24 that agentkit lacks is missing.

tests/foundation/test_public_surface.py compares agentkit's public surface with the list recorded
from upstream (tests/foundation/data/agents_surface.json, by tools/upstream_surface.py); every gap
must match one entry here, and every entry must still match a gap (remove an entry once its work
lands). A pattern is ``<module glob>`` (the module and every name in it) or
``<module glob>:<name glob>``.

Two kinds of entry:

* ``OPEN``: being built by other open work. ``issue 12 item N`` is the breadth issue (3 retries,
  4 sessions and compaction, 5 the newer tool kinds, 6 Responses over WebSocket); ``HITL`` the
  approvals / RunState issue; the extras are being written on their own branches.
* ``NOT_PORTED``: left out on purpose or for later; the README's "Not ported" list names each
  (the ``readme`` text must appear there).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Gap:
    pattern: str
    kind: Literal["open", "not_ported"]
    why: str
    readme: str = ""
    """For NOT_PORTED: words the README's "Not ported" list must contain."""


def OPEN(pattern: str, why: str) -> Gap:
    return Gap(pattern, "open", why)


def NOT_PORTED(pattern: str, why: str, readme: str) -> Gap:
    return Gap(pattern, "not_ported", why, readme)


HITL = "HITL issue: tool approvals, RunState and resuming runs"
TOOLS = "issue 12 item 5: the newer tool kinds"
WEBSOCKET_EXTRA = (
    "the WebSocket model needs `websockets`, so it lives in the responses_ws extra "
    "(agentkit.responses_ws); the core reaches it lazily"
)
RUNTIME = "runtime options and helpers not ported yet (after the runtime redesign)"

GAPS: list[Gap] = [
    # --- being built by open work ---------------------------------------------------------------
    # --- not ported ------------------------------------------------------------------------------
    NOT_PORTED(
        "agents.voice.imports:*", "upstream's optional-import shim (np, npt, websockets)", "voice"
    ),
    NOT_PORTED("agents.voice.models.openai_stt:*Sentinel", "internal queue sentinels", "voice"),
    NOT_PORTED(
        "agents.voice.models.openai_model_provider:shared_http_client", "internal helper", "voice"
    ),
    NOT_PORTED(
        "agents.extensions.models.litellm_model:Internal*", "internal message types", "LiteLLM"
    ),
    NOT_PORTED("agents.realtime.handoffs:*", "type variables and aliases", "realtime"),
    NOT_PORTED(
        "agents.realtime.openai_realtime:*",
        "aliases of openai's realtime types and its server-event adapter",
        "realtime",
    ),
    NOT_PORTED("agents.sandbox*", "sandboxes stay out of agentkit", "sandboxes"),
    NOT_PORTED("agents.extensions.sandbox*", "sandboxes stay out of agentkit", "sandboxes"),
    NOT_PORTED("agents:sandbox", "sandboxes stay out of agentkit", "sandboxes"),
    NOT_PORTED("agents.run_config:Sandbox*", "sandboxes stay out of agentkit", "sandboxes"),
    NOT_PORTED("agents.testing:*Sandbox*", "sandboxes stay out of agentkit", "sandboxes"),
    NOT_PORTED("agents.testing:scripted_sandbox_session", "sandboxes", "sandboxes"),
    NOT_PORTED("agents.testing.sandbox*", "sandboxes stay out of agentkit", "sandboxes"),
    NOT_PORTED(
        "agents.run_internal*",
        "upstream's runtime internals; agentkit's runtime is private (agentkit._run)",
        "`agents.run_internal`",
    ),
    NOT_PORTED(
        "agents.extensions.experimental*",
        "experimental extensions (Codex tool, hosted multi-agent model)",
        "experimental extensions",
    ),
    NOT_PORTED("agents.extensions.models.any_llm_*", "the any-llm provider", "any-llm"),
    NOT_PORTED("agents.extensions.memory.mongodb_session", "MongoDB store", "MongoDB"),
    NOT_PORTED("agents.extensions.memory:MongoDBSession", "MongoDB store", "MongoDB"),
    NOT_PORTED(
        "agents.extensions.memory.async_sqlite_session",
        "SQLiteSession already never blocks the event loop",
        "AsyncSQLiteSession",
    ),
    NOT_PORTED(
        "agents.extensions.memory:AsyncSQLiteSession",
        "SQLiteSession already never blocks the event loop",
        "AsyncSQLiteSession",
    ),
    NOT_PORTED("agents.extensions.tool_output_trimmer", "not yet", "ToolOutputTrimmer"),
    NOT_PORTED("agents.extensions:ToolOutputTrimmer", "not yet", "ToolOutputTrimmer"),
    NOT_PORTED(
        "agents.models.openai_agent_registration",
        "OpenAI agent registration (harness id in trace metadata): not yet",
        "agent registration",
    ),
    NOT_PORTED("agents.models:OpenAIAgentRegistrationConfig", "not yet", "agent registration"),
    NOT_PORTED("agents:OpenAIAgentRegistrationConfig", "not yet", "agent registration"),
    NOT_PORTED("agents:set_default_openai_agent_registration", "not yet", "agent registration"),
    NOT_PORTED("agents:set_default_openai_harness", "not yet", "agent registration"),
    NOT_PORTED("agents:OpenAIResponsesW*", WEBSOCKET_EXTRA, "agentkit.responses_ws"),
    NOT_PORTED(
        "agents.models.openai_responses:*WebSocket*", WEBSOCKET_EXTRA, "agentkit.responses_ws"
    ),
    NOT_PORTED(
        "agents.models.openai_responses:OpenAIResponsesWSModel",
        WEBSOCKET_EXTRA,
        "agentkit.responses_ws",
    ),
    NOT_PORTED(
        "agents.exceptions:BaseExceptionGroup", "a compatibility alias", "BaseExceptionGroup"
    ),
    NOT_PORTED("agents.model_settings:Omit", "openai's Omit sentinel", "`Omit`"),
    NOT_PORTED("agents.logger:log_*", "upstream's internal logging helpers", "logging helpers"),
    NOT_PORTED(
        "agents.strict_schema:*",
        "internal helpers (is_dict, is_list, has_more_than_n_keys)",
        "strict-schema helpers",
    ),
    NOT_PORTED("agents.usage:*", "span-usage helpers of upstream's turn/task spans", "usage span"),
    NOT_PORTED("agents.models.chatcmpl_converter:*", "internal type alias", "internal aliases"),
    NOT_PORTED(
        "agents.models.chatcmpl_stream_handler:*", "internal type alias", "internal aliases"
    ),
    NOT_PORTED("agents.agent_tool_input:is_agent_tool_input", RUNTIME, "is_agent_tool_input"),
    NOT_PORTED("agents.result:ToInputListMode", RUNTIME, "ToInputListMode"),
    NOT_PORTED("agents:OutputGuardrailBlockedMessage*", RUNTIME, "blocked-output formatter"),
    NOT_PORTED("agents.run:OutputGuardrailBlockedMessage*", RUNTIME, "blocked-output formatter"),
    NOT_PORTED(
        "agents.run_config:OutputGuardrailBlockedMessage*", RUNTIME, "blocked-output formatter"
    ),
    NOT_PORTED("agents.run:ReasoningItemIdPolicy", RUNTIME, "ReasoningItemIdPolicy"),
    NOT_PORTED("agents.run:ToolErrorFormatter*", RUNTIME, "ToolErrorFormatter"),
    NOT_PORTED("agents.run:ToolExecutionConfig", RUNTIME, "ToolExecutionConfig"),
    NOT_PORTED("agents.run:ToolNotFoundBehavior", RUNTIME, "ToolNotFoundBehavior"),
    NOT_PORTED("agents.run_config:RunOptions", RUNTIME, "RunOptions"),
    NOT_PORTED("agents:ToolOrigin*", RUNTIME, "ToolOrigin"),
    NOT_PORTED("agents.tool:ToolOrigin*", RUNTIME, "ToolOrigin"),
    NOT_PORTED("agents.tool:get_function_tool_origin", RUNTIME, "ToolOrigin"),
    NOT_PORTED(
        "agents.tool:*function_tool_failure_error*", RUNTIME, "tool failure error function setters"
    ),
]
