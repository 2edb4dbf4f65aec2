"""The voice extra's third-party dependencies, imported once with an install hint when missing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._optional import import_extra

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import websockets
else:
    np = import_extra("numpy", "voice")
    npt = import_extra("numpy.typing", "voice")
    websockets = import_extra("websockets", "voice")

__all__ = ["np", "npt", "websockets"]
