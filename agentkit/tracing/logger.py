"""The tracing logger; a child of "openai.agents" so one logging config covers the whole SDK."""

from __future__ import annotations

import logging

logger = logging.getLogger("openai.agents.tracing")
