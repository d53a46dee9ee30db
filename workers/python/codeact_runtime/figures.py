"""matplotlib figures as PNG outputs, like Jupyter's inline backend.

The worker runs with MPLBACKEND=Agg (the Pyodide default backend needs `document`).
Every figure the run shows or leaves open becomes a PNG output and is then closed.
Nothing here imports matplotlib: it only acts once the user's code has.
"""

import sys

from .display import figure_png


def _pyplot():
    return sys.modules.get("matplotlib.pyplot")


def install_show_hook(sink):
    """Make plt.show() emit the open figures now (idempotent per sink)."""
    plt = _pyplot()
    if plt is None:
        return
    original = getattr(plt.show, "__codeact_original__", plt.show)

    def show(*args, **kwargs):
        emit_open_figures(sink)

    show.__codeact_original__ = original
    plt.show = show


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
