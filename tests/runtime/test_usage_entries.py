"""`Usage.add` keeps each request's token details as its own copy (a flat one is copied without
`deepcopy`, a nested or extended one deeply)."""

from __future__ import annotations

from agentkit.types.responses import InputTokensDetails, OutputTokensDetails
from agentkit.usage import Usage


def _request(input_details: InputTokensDetails, output_details: OutputTokensDetails) -> Usage:
    return Usage(
        requests=1,
        input_tokens=10,
        output_tokens=5,
        total_tokens=15,
        input_tokens_details=input_details,
        output_tokens_details=output_details,
    )


def test_a_request_entry_holds_copies_of_flat_details() -> None:
    inp = InputTokensDetails(cached_tokens=3)
    out = OutputTokensDetails(reasoning_tokens=2)
    total = Usage()
    total.add(_request(inp, out))
    [entry] = total.request_usage_entries
    assert entry.input_tokens_details == inp and entry.input_tokens_details is not inp
    assert entry.output_tokens_details == out and entry.output_tokens_details is not out
    assert entry.input_tokens_details.model_fields_set == inp.model_fields_set
    inp.cached_tokens = 99
    out.reasoning_tokens = 99
    assert entry.input_tokens_details.cached_tokens == 3
    assert entry.output_tokens_details.reasoning_tokens == 2
    assert (
        total.input_tokens_details.cached_tokens,
        total.output_tokens_details.reasoning_tokens,
    ) == (3, 2)


def test_nested_and_unknown_detail_fields_are_copied_deeply() -> None:
    inp = InputTokensDetails.model_validate(
        {
            "cached_tokens": 1,
            "cache_write_tokens_details": {"ttl_30m_tokens": 4},
            "newer": {"counts": [1, 2]},
        }
    )
    total = Usage()
    total.add(_request(inp, OutputTokensDetails()))
    [entry] = total.request_usage_entries
    copied = entry.input_tokens_details
    assert copied == inp
    assert copied.cache_write_tokens_details is not inp.cache_write_tokens_details
    assert copied.model_extra == {"newer": {"counts": [1, 2]}}
    assert copied.model_extra["newer"] is not inp.model_extra["newer"]
