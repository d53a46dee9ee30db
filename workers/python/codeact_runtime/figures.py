"""matplotlib figures as PNG outputs, like Jupyter's inline backend.

Pyodide's default backend needs `document`, so the kernel selects mpl_backend
(Agg rendering). Every figure the run shows or leaves open becomes a PNG output
and is then closed.
Nothing here imports matplotlib: it only acts once the user's code has.
"""

import os
import sys

from .display import figure_png


def _pyplot():
    return sys.modules.get("matplotlib.pyplot")


BACKEND = "module://codeact_runtime.mpl_backend"

# The sink of the cell that is running, for plt.show() (see mpl_backend.py).
_active = {"sink": None}


def use_backend():
    """Route matplotlib through our backend: before its import via the environment,
    after it (e.g. imported by an earlier helper) via matplotlib.use."""
    os.environ["MPLBACKEND"] = BACKEND
    if "matplotlib" in sys.modules:
        sys.modules["matplotlib"].use(BACKEND)


def set_active_sink(sink):
    _active["sink"] = sink


def show_open_figures():
    if _active["sink"] is not None:
        emit_open_figures(_active["sink"])


def emit_open_figures(sink):
    plt = _pyplot()
    if plt is None:
        return
    for num in plt.get_fignums():
        fig = plt.figure(num)
        try:
            sink.add(figure_png(fig))
        except Exception as e:
            sink.write_stream("stderr", f"[figure {num} could not be rendered: {type(e).__name__}: {e}]\n")
    plt.close("all")


def close_figure(fig):
    plt = _pyplot()
    if plt is not None:
        plt.close(fig)
