"""Errors a user can act on. Their ``str()`` is the one line the CLI prints."""

from __future__ import annotations


class TomtatError(Exception):
    """Base class: a problem with the user's input or request, never a bug."""


class InputError(TomtatError):
    """An input (file, URL, stdin, JSON line) that cannot be used.

    ``origin`` names the input so the message can say which file is wrong.
    """

    def __init__(self, origin: str, problem: str) -> None:
        super().__init__(f"{origin}: {problem}")
        self.origin = origin
        self.problem = problem


class NoArticlesError(TomtatError):
    """Nothing usable was left to summarize."""
