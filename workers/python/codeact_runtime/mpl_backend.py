"""A matplotlib backend for the worker: Agg rendering, and plt.show() hands the
open figures to the running cell as PNG outputs at that point of its output
(like Jupyter's inline backend). Selected with MPLBACKEND=module://codeact_runtime.mpl_backend.
"""

from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg

from . import figures

FigureCanvas = FigureCanvasAgg
FigureManager = FigureManagerBase


def show(*_args, **_kwargs):
    figures.show_open_figures()
