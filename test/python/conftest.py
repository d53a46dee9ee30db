"""Make workers/python importable: the runtime's pure parts run under CPython too."""

import os
import sys

import matplotlib

matplotlib.use("Agg")  # the worker's backend; no display here either

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "workers", "python"))
