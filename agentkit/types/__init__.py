"""agentkit's own OpenAI wire types, named as in ``openai.types``.

Import the submodule you need: ``from agentkit.types.responses import Response``,
``from agentkit.types.chat import ChatCompletion``, ``from agentkit.types.shared import Reasoning``.
This package itself imports nothing, so ``import agentkit.types`` stays free.

What a server must send (the rule for every server-sent model here: events, responses, items,
usage, chat completions and chunks): **a field is required only when the runtime reads it to act
and no neutral value can stand in for it.** That is the ``type`` that selects a model, the
``name`` and ``call_id`` of a call the runtime executes and answers (function, custom, computer,
shell, local-shell and apply-patch calls, and the tool of a Chat Completions tool call), the
``id`` and ``name`` of an MCP approval request, the nested object a wrapper exists to carry
(``response`` of lifecycle events, ``item`` of output-item events, ``part`` of content-part
events, ``message`` of a chat choice, the action or operation of a call). Every other field has a
neutral default when missing: ``""`` for strings, ``0`` for numbers, ``[]`` / ``{}`` for lists
and objects, ``None`` for optional objects, ``"completed"`` for item statuses, and an empty delta
for a chunk choice without one. Near-compatible servers (llama.cpp, vLLM, Ollama, LM Studio,
LiteLLM's proxy, Azure OpenAI) leave out ids, timestamps, model names, indexes and sequence
numbers; those answers parse. A default is not "set": ``model_dump(exclude_unset=True)`` (what
the runtime sends back) leaves it out, so no value the server never sent is invented on the wire.
A field that is present with the wrong type is still a ``ValidationError``, and ``null`` counts
as a value: only optional fields take it, plus the few places servers are known to send it
(usage counts, ``choices`` and a chunk's ``delta``, a ``Response``'s ``output``/``tools``).
tests/openai_server/quirks/ holds the recorded answers this rule is tested against.
"""

from __future__ import annotations

__all__ = ["chat", "responses", "shared"]
