"""Make workers/python importable: the runtime's pure parts run under CPython too.
Also eval/python, the evaluation suite's checker (codeact_eval), for the same reason."""

import os
import sys

HERE = os.path.dirname(__file__)
sys.path.insert(0, os.path.join(HERE, "..", "..", "workers", "python"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "eval", "python"))
