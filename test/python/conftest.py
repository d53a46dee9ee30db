"""Make workers/python importable: the runtime's pure parts run under CPython too."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "workers", "python"))
