"""Small pieces shared by the command-line adapters (never imported by the core)."""

from __future__ import annotations

import time
from typing import IO

__all__ = ["Progress", "UsageError"]


class UsageError(Exception):
    """A command was called wrongly: reported as ``error: …`` with exit status 2.

    Given a message ``key`` of :mod:`sozialraum.messages` and its ``params``, the command
    line shows it in the chosen language; ``str()`` is the English text.
    """

    def __init__(self, text: str = "", /, *, key: str = "", **params: object) -> None:
        from . import messages

        self.key = key
        self.params = params
        super().__init__(messages.render(key, params) if key else text)

    def message_in(self, lang: str) -> str:
        """The message in ``lang``."""
        from . import messages

        return messages.render(self.key, self.params, lang) if self.key else str(self)


class Progress:
    """One line of progress on ``stream``, only when it is a terminal, at most four times a
    second; :meth:`done` clears it."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.last = 0.0

    def due(self) -> bool:
        """Whether :meth:`show` would write now (so a caller builds the text only then)."""
        return self.enabled and time.monotonic() - self.last >= 0.25

    def show(self, text: str, *, force: bool = False) -> None:
        """Replace the line with ``text`` (throttled unless ``force``)."""
        if not self.enabled:
            return
        now = time.monotonic()
        if force or now - self.last >= 0.25:
            self.stream.write(f"\r{text}")
            self.stream.flush()
            self.last = now

    def done(self) -> None:
        """Clear the line, if anything was shown."""
        if self.enabled and self.last:
            self.stream.write("\r\033[K")
            self.stream.flush()
