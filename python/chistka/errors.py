"""Exceptions of chistka.

A scenario that does not validate raises :class:`ScenarioError`, which carries every problem
found, each with the file, line, column, key and a message in words saying what was expected.
"""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong with a scenario."""

    file: str
    """The file (or embedded scenario, or ``<dict>``) the key is in."""
    line: int | None
    """1-based line, when the key could be found in the file."""
    column: int | None
    """1-based column."""
    key: str | None
    """The dotted key, when the problem concerns one."""
    message: str
    """What is wrong and what was expected."""


class ScenarioError(ValueError):
    """A scenario (a file, a dict, or overrides given with ``set=``) does not validate.

    ``str(error)`` gives one line per problem, ``file:line:column: key `k`: message``, as the
    command line prints it. The first problem's fields are also attributes of the error::

        try:
            chistka.run("mine.toml")
        except chistka.ScenarioError as e:
            print(e.file, e.line, e.key, e.message)
    """

    problems: list[Problem]

    def __init__(self, text: str, problems: list[tuple] | None = None) -> None:
        super().__init__(text)
        self.problems = [Problem(*p) for p in (problems or [])]
        first = self.problems[0] if self.problems else Problem(text, None, None, None, text)
        self.file: str = first.file
        self.line: int | None = first.line
        self.column: int | None = first.column
        self.key: str | None = first.key
        self.message: str = first.message

    def __reduce__(self):  # picklable, so that Dask workers can send it back
        return (type(self), (str(self), [tuple(p) for p in self.problems]))
