"""Type stubs of the native module (crates/py). Use the documented API in ``chistka``."""

from collections.abc import Callable
from typing import Any

__version__: str

class NativeRun:
    @property
    def annual(self) -> Any: ...
    @property
    def monthly(self) -> Any: ...
    @property
    def daily(self) -> Any: ...
    @property
    def longrun(self) -> Any | None: ...
    @property
    def longrun_party(self) -> Any | None: ...
    @property
    def summary_json(self) -> str: ...
    @property
    def info_json(self) -> str: ...
    @property
    def canonical(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def cases(self) -> str | None: ...
    def write(self, dir: str, format: str) -> None: ...

def run(
    scenario: str | dict[str, Any] | None = None,
    *,
    scale: float,
    seed: int,
    set: dict[str, Any] | None = None,
    cases: str | None = None,
    threads: int | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> NativeRun: ...
def load_scenario(
    scenario: str | dict[str, Any] | None = None, set: dict[str, Any] | None = None
) -> tuple[str, str, str]: ...
def embedded_scenarios() -> list[tuple[str, str]]: ...
def embedded_text(name: str) -> str: ...
def ensemble(
    scenario: str | dict[str, Any] | None, set: dict[str, Any] | None, *, runs: int,
    scale: float, seed: int, out: str, threads: int | None, client: Any,
    progress: Callable[[int, int], object] | None, format: str, society: str = "own",
) -> str: ...
def sweep(
    scenario: str | dict[str, Any] | None, set: dict[str, Any] | None, *, params: list[str],
    lhs: int | None, runs: int, scale: float, seed: int, out: str, threads: int | None,
    client: Any, progress: Callable[[int, int], object] | None, format: str,
) -> tuple[int, int, bool]: ...
def compare(
    a: str | dict[str, Any] | None, b: str | dict[str, Any] | None, *, runs: int, scale: float,
    seed: int, out: str, threads: int | None, client: Any,
    progress: Callable[[int, int], object] | None, format: str,
) -> None: ...
def validate(
    scenario: str | dict[str, Any] | None, set: dict[str, Any] | None, *, targets: str,
    runs: int, scale: float, seed: int, out: str, threads: int | None, client: Any,
    progress: Callable[[int, int], object] | None, format: str,
) -> tuple[int, int, float]: ...
def calibrate(
    scenario: str | dict[str, Any] | None, set: dict[str, Any] | None, *, targets: str,
    params: str, bounds: list[str], budget: int, runs: int, scale: float, seed: int, out: str,
    threads: int | None, client: Any, progress: Callable[[int, int], object] | None,
    command: str, date: str,
) -> tuple[list[tuple[str, float]], float, int, int, str, str]: ...
def simulate_outcome(
    scenario_toml: str, name: str, scale: float, seed: int, threads: int = 1,
    society: int | None = None,
) -> bytes: ...
def read_table(path: str) -> Any: ...
