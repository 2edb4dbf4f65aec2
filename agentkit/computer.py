"""The computer interfaces a `ComputerTool` drives (sync and async variants)."""

from __future__ import annotations

import abc
from typing import Literal

__all__ = ["AsyncComputer", "Button", "Computer", "Environment"]

Environment = Literal["mac", "windows", "ubuntu", "browser"]
Button = Literal["left", "right", "wheel", "back", "forward"]


class Computer(abc.ABC):
    """A computer driven with blocking calls. Mouse methods may also accept a keyword-only
    `keys` argument listing held modifier keys, when the driver supports it."""

    @property
    def environment(self) -> Environment | None:
        """The environment to declare on the preview computer tool, if it needs one."""
        return None

    @property
    def dimensions(self) -> tuple[int, int] | None:
        """Display (width, height) to declare on the preview computer tool, if it needs them."""
        return None

    @abc.abstractmethod
    def screenshot(self) -> str:
        """A base64-encoded PNG screenshot of the current display."""

    @abc.abstractmethod
    def click(self, x: int, y: int, button: Button) -> None:
        """Click `button` at screen position (x, y)."""

    @abc.abstractmethod
    def double_click(self, x: int, y: int) -> None:
        """Double-click at screen position (x, y)."""

    @abc.abstractmethod
    def scroll(self, x: int, y: int, scroll_x: int, scroll_y: int) -> None:
        """Scroll by (scroll_x, scroll_y) with the pointer at (x, y)."""

    @abc.abstractmethod
    def type(self, text: str) -> None:
        """Type `text` into whatever has focus."""

    @abc.abstractmethod
    def wait(self) -> None:
        """Wait until the computer is ready for the next action."""

    @abc.abstractmethod
    def move(self, x: int, y: int) -> None:
        """Move the pointer to (x, y)."""

    @abc.abstractmethod
    def keypress(self, keys: list[str]) -> None:
        """Press a key combination such as `["ctrl", "c"]`."""

    @abc.abstractmethod
    def drag(self, path: list[tuple[int, int]]) -> None:
        """Press, move along the `(x, y)` waypoints of `path`, release."""


class AsyncComputer(abc.ABC):
    """A computer driven with coroutines; otherwise the same contract as `Computer`."""

    @property
    def environment(self) -> Environment | None:
        """The environment to declare on the preview computer tool, if it needs one."""
        return None

    @property
    def dimensions(self) -> tuple[int, int] | None:
        """Display (width, height) to declare on the preview computer tool, if it needs them."""
        return None

    @abc.abstractmethod
    async def screenshot(self) -> str:
        """A base64-encoded PNG screenshot of the current display."""

    @abc.abstractmethod
    async def click(self, x: int, y: int, button: Button) -> None:
        """Click `button` at screen position (x, y)."""

    @abc.abstractmethod
    async def double_click(self, x: int, y: int) -> None:
        """Double-click at screen position (x, y)."""

    @abc.abstractmethod
    async def scroll(self, x: int, y: int, scroll_x: int, scroll_y: int) -> None:
        """Scroll by (scroll_x, scroll_y) with the pointer at (x, y)."""

    @abc.abstractmethod
    async def type(self, text: str) -> None:
        """Type `text` into whatever has focus."""

    @abc.abstractmethod
    async def wait(self) -> None:
        """Wait until the computer is ready for the next action."""

    @abc.abstractmethod
    async def move(self, x: int, y: int) -> None:
        """Move the pointer to (x, y)."""

    @abc.abstractmethod
    async def keypress(self, keys: list[str]) -> None:
        """Press a key combination such as `["ctrl", "c"]`."""

    @abc.abstractmethod
    async def drag(self, path: list[tuple[int, int]]) -> None:
        """Press, move along the `(x, y)` waypoints of `path`, release."""
