"""Progress reports: a callback of ``(done, total)``, or a tqdm bar.

``progress=None`` (the default) draws a tqdm bar when tqdm is installed and stderr is a
terminal, as the command line draws its bar; ``True`` asks for the bar whatever stderr is;
``False`` draws nothing; a callable is called with ``(done, total)`` from the calling thread.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import contextmanager
from typing import Iterator, Union

Progress = Union[None, bool, Callable[[int, int], object]]


@contextmanager
def reporter(progress: Progress, unit: str) -> Iterator[Callable[[int, int], object] | None]:
    """The callback to hand to the native module for ``progress``, closed when done."""
    if callable(progress):
        yield progress
        return
    wanted = progress is True or (progress is None and sys.stderr.isatty())
    if not wanted:
        yield None
        return
    try:
        from tqdm.auto import tqdm
    except ImportError:
        if progress is True:
            raise ImportError("progress=True needs tqdm: pip install tqdm") from None
        yield None
        return
    bar = tqdm(unit=unit, leave=False)

    def update(done: int, total: int) -> None:
        if bar.total != total:
            bar.total = total
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        bar.close()
