"""Tracebacks like Jupyter's: the user's cells as `Cell In[n]` frames, no runtime frames."""

import linecache
import os
import re
import traceback

RUNTIME_DIR = os.path.dirname(os.path.abspath(__file__))
_CELL_FILE = re.compile(r'File "<cell-(\d+)>", line (\d+)(, in <module>)?')
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def cell_filename(n):
    return f"<cell-{n}>"


def register_cell_source(filename, source):
    """Lets tracebacks show the user's source lines for this cell."""
    lines = source.splitlines(keepends=True)
    linecache.cache[filename] = (len(source), None, lines, filename)


def _is_runtime_frame(tb):
    return os.path.dirname(os.path.abspath(tb.tb_frame.f_code.co_filename)) == RUNTIME_DIR


def _relabel(text):
    # `File "<cell-3>", line 2, in <module>` -> `Cell In[3], line 2` (frames inside
    # functions keep their `, in f` suffix, as in IPython).
    return _CELL_FILE.sub(lambda m: f"Cell In[{m.group(1)}], line {m.group(2)}", _ANSI.sub("", text))


def format_error(exc):
    """(ename, evalue, traceback text) with the runtime's own leading frames removed."""
    tb = exc.__traceback__
    while tb is not None and _is_runtime_frame(tb):
        tb = tb.tb_next
    if isinstance(exc, SyntaxError) and str(exc.filename).startswith("<cell-"):
        # The parser's own frames (ast.parse) are not the user's business.
        lines = traceback.format_exception_only(type(exc), exc)
    else:
        lines = traceback.format_exception(type(exc), exc, tb)
    return type(exc).__name__, str(exc), _relabel("".join(lines)).rstrip("\n")
