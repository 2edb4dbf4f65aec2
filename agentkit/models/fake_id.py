"""The placeholder id given to Responses-style objects built from non-Responses APIs."""

from __future__ import annotations

FAKE_RESPONSES_ID = "__fake_id__"
"""Stands in for the `id` of items and responses that the Responses API did not create (e.g. ones
converted from Chat Completions); it is stripped again before items are sent to the Responses API.
"""
