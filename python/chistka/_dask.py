"""Running an experiment's simulations on a dask.distributed cluster.

The native module calls :func:`outcomes_in_order` with the experiment's tasks (a scenario's
merged TOML, its name, a scale, a seed, and the seed of the shared society it runs on, or
``None`` for a society of its own); each task runs :func:`simulate` on a worker, which
returns the run's figures as bytes (every number as its IEEE-754 bits), and the client gets
them back in task order, as the local thread pool hands them over, to fold into the same files.
Only a few tasks more than there are worker threads are in flight at once, so a long sweep
neither floods the scheduler nor holds every result in memory.

Workers need the same chistka as the client (checked on every result).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any


def simulate(
    scenario_toml: str, name: str, scale: float, seed: int, society: int | None = None
) -> bytes:
    """One run on a worker: its annual and monthly tables and summary figures, as bytes.

    A task on a shared society draws that society once per worker process and keeps it for the
    tasks that follow, so the run is the one the local threads would make.
    """
    from . import _chistka

    # One thread per task: a worker runs as many tasks at once as it has threads.
    return _chistka.simulate_outcome(scenario_toml, name, scale, seed, society=society)


def outcomes_in_order(
    client: Any,
    tasks: Iterable[tuple[str, str, float, int, int | None]],
    ahead: int | None = None,
) -> Iterator[bytes]:
    """The outcome of each task, in task order, computed on the cluster of ``client``."""
    threads = sum(client.nthreads().values()) or 1
    ahead = ahead or 2 * threads
    texts: dict[str, Any] = {}
    pending: deque = deque()
    todo = iter(tasks)
    try:
        for text, name, scale, seed, society in todo:
            if text not in texts:
                # Each distinct scenario goes to the cluster once, not with every task.
                texts[text] = client.scatter(text, broadcast=True, hash=False)
            pending.append(
                client.submit(simulate, texts[text], name, scale, seed, society, pure=False)
            )
            if len(pending) >= ahead:
                yield _take(pending.popleft())
        while pending:
            yield _take(pending.popleft())
    finally:
        # Stopped early (an error, or Ctrl-C): do not leave the cluster running orphans.
        if pending:
            client.cancel(list(pending))


def _take(future: Any) -> bytes:
    result = future.result()
    future.release()
    return result


def check_client(client: Any) -> Any:
    """``client`` if it is a dask.distributed Client, else a TypeError saying what is expected."""
    try:
        from distributed import Client
    except ImportError:
        raise ImportError(
            "client= needs dask.distributed: pip install 'chistka[dask]'"
        ) from None
    if not isinstance(client, Client):
        raise TypeError(
            f"client must be a dask.distributed.Client, found {type(client).__name__}"
        )
    return client
