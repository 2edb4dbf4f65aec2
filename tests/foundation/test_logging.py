"""Logging: upstream's logger names, silent by default, verbose to stdout on request."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from agentkit import enable_verbose_stdout_logging


@pytest.fixture
def sdk_logger() -> Iterator[logging.Logger]:
    sdk = logging.getLogger("openai.agents")
    handlers, level = list(sdk.handlers), sdk.level
    yield sdk
    sdk.handlers[:] = handlers
    sdk.setLevel(level)


def test_verbose_stdout_logging_prints_debug_records_of_every_sdk_logger(
    sdk_logger: logging.Logger, capsys: pytest.CaptureFixture[str]
) -> None:
    enable_verbose_stdout_logging()
    enable_verbose_stdout_logging()
    logging.getLogger("openai.agents.tracing").debug("span exported")
    logging.getLogger("openai.agents.http").debug("request sent")
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["span exported", "request sent"]
    assert captured.err == ""


def test_sdk_logger_has_no_handler_by_default(sdk_logger: logging.Logger) -> None:
    assert sdk_logger.handlers == []
