"""Scenarios: load one (checking it as ``chistka run`` would), show or list the embedded ones.

>>> s = chistka.scenario.load("great-purge", set={"quota.enabled": False})   # doctest: +SKIP
>>> s.params["quota"]["enabled"]                                            # doctest: +SKIP
False
"""

from __future__ import annotations

import builtins
import os
import tomllib
from dataclasses import dataclass, field
from typing import Any, Mapping

from . import _chistka


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: pass it to :func:`chistka.run` and the experiments."""

    name: str
    """The ``name`` key, else the file stem."""
    description: str
    """One line on what it is."""
    toml: str = field(repr=False)
    """The merged TOML (``extends`` resolved) the runs are built from."""

    @property
    def params(self) -> dict[str, Any]:
        """The merged scenario as a dict of its TOML keys."""
        return tomllib.loads(self.toml)


def load(
    scenario: str | os.PathLike[str] | Mapping[str, Any] | Scenario | None = None,
    set: Mapping[str, Any] | None = None,
) -> Scenario:
    """Loads and validates a scenario: an embedded name, a TOML file, or a dict of its keys.

    ``set`` overrides keys by dotted path, validated like a file.

    Raises:
        ScenarioError: with the file, line, column, key and what was expected.
    """
    from .runs import _native_spec

    name, description, text = _chistka.load_scenario(
        _native_spec(scenario), dict(set) if set else None
    )
    return Scenario(name, description, text)


def show(name: str = "great-purge") -> str:
    """The TOML text of an embedded scenario, to copy and edit (``chistka scenario show``)."""
    return _chistka.embedded_text(name)


def list() -> builtins.list[tuple[str, str]]:
    """The embedded scenarios as ``(name, description)`` (``chistka scenario list``)."""
    return _chistka.embedded_scenarios()
