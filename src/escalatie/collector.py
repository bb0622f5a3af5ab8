"""The cyclic garbage collector's settings: the command line's decision, made in one place.

The console script (:func:`escalatie.cli.run`) owns its process and tunes the collector for a
short command (issue 16, docs/benchmarks.md): a higher threshold from the start
(:func:`take_over`), the objects of start-up frozen once the model is selected
(:func:`settled`), and no collection while the register folds its log (:func:`paused`).

A program that embeds the library keeps its collector as it is unless it asks, by calling
:func:`take_over` itself (docs/api.md): freezing would keep the program's own objects from ever
being collected, and a pause switches the collector off for every thread of the process.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["THRESHOLD", "owned", "paused", "settled", "take_over"]

THRESHOLD = 20_000
"""New objects between two collections of the youngest generation, instead of 700.

Start-up defines some eighty classes and compiles a model: objects that live as long as the
process. At the default threshold the collector walks them some sixty times before triage
prints, 20 M instructions (issue 16); at 20,000 about a dozen times, and a long command
(compare) still collects its cyclic garbage regularly."""

_owned = False


def take_over() -> None:
    """This process is escalatie's own (the console script calls this first): raise the
    threshold, and let :func:`settled` and :func:`paused` act from now on."""
    global _owned
    _owned = True
    gc.set_threshold(THRESHOLD, *gc.get_threshold()[1:])


def owned() -> bool:
    """Whether :func:`take_over` was called in this process."""
    return _owned


def settled() -> None:
    """Start-up is over (the model is compiled): what exists now lives until the process ends,
    so the collector stops walking it (``gc.freeze``). Each later collection, and the three the
    interpreter makes when it exits, then walks only what the command built since: 36 M
    instructions of a triage (docs/benchmarks.md). Only in a process :func:`take_over` was
    called in."""
    if _owned:
        gc.freeze()


@contextmanager
def paused() -> Iterator[None]:
    """The collector off while a batch of objects is built, then as it was; only in a process
    :func:`take_over` was called in (elsewhere nothing changes).

    Rebuilding 10k cases makes some 400k containers (rows, payloads, states, agreements) that
    all stay alive: each collection the allocations trigger walks them all again for nothing,
    a third of the rebuild's time. Nothing built here forms a cycle; reference counting
    frees it as usual.

    Turned back on, the collector would walk all of them at once (the allocations counted
    while it was off set off a collection of the youngest generation at the next one). So
    first they are moved to its oldest generation, as :func:`gc.freeze` followed by
    :func:`gc.unfreeze` does (two list moves), where the next full collection looks at them
    as usual. A process that keeps objects frozen itself (before forking) is left as it is.
    """
    if not _owned:
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()
