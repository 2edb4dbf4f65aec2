"""``agents.extensions.memory.encrypt_session``'s names, from the ``agentkit[encrypt]`` extra.

Importing this module without the extra installed raises ImportError naming
``pip install "agentkit[encrypt]"``.
"""

from __future__ import annotations

from ...encrypt import EncryptedEnvelope, EncryptedSession

__all__ = ["EncryptedEnvelope", "EncryptedSession"]
