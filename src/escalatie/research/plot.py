"""Waiting-time distributions per model, drawn with matplotlib (imported only when asked).

The figure is drawn on matplotlib's Agg canvas directly, without pyplot, so no global backend
is switched and no window opens.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from escalatie.errors import EscalatieError
from escalatie.errors import shown as echo
from escalatie.research.simulate import ModelOutcome


def plot_waits(
    outcomes: Sequence[ModelOutcome], path: str | Path | BinaryIO, title: str = ""
) -> str | Path | BinaryIO:
    """A box plot (with the median and p90 marked) of each model's waiting times, as PNG.

    ``path`` is a file name ending in ``.png`` (its folder must exist) or an open binary file.
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise EscalatieError(
            "--plot: needs matplotlib; install it with pip install 'escalatie[plot]'"
        ) from None
    if isinstance(path, str | Path) and Path(path).suffix.lower() != ".png":
        raise EscalatieError(f"--plot: expected a file name ending in .png, got {echo(str(path))}")
    shown = [o for o in outcomes if o.waits]
    height = max(3.0, 0.6 * len(outcomes) + 1.5)
    figure = Figure(figsize=(9, height), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    if shown:
        import matplotlib

        version = matplotlib.__version_info__
        names = [o.model for o in shown]
        # matplotlib 3.9 renamed labels to tick_labels; 3.10 replaced vert=False by orientation
        options: dict[str, Any] = {"tick_labels" if version >= (3, 9) else "labels": names}
        options.update({"orientation": "horizontal"} if version >= (3, 10) else {"vert": False})
        axes.boxplot([list(o.waits) for o in shown], showfliers=True, **options)
        for y, outcome in enumerate(shown, start=1):
            if outcome.wait_p90_days is not None:
                axes.plot([outcome.wait_p90_days], [y], marker="D", color="tab:red")
    empty = [o.model for o in outcomes if not o.waits]
    axes.set_xlabel("waiting time until the forum (days); ◆ = p90")
    axes.set_title(title or "Waiting time per model")
    if empty:
        figure.text(0.01, 0.01, "no case heard: " + ", ".join(empty), fontsize=8)
    axes.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    try:
        figure.savefig(path, format="png")
    except OSError as exc:
        raise EscalatieError(f"--plot: cannot write {echo(str(path))} ({exc.strerror})") from None
    return path
