"""codeact_eval: checks the answers of the evaluation suite's tasks (eval/tasks/).

Standard library only, so the same code runs under CPython (pytest) and inside Pyodide
(the browser runner writes this package into Pyodide's file system and calls check()
with the agent's namespace).
"""

from .check import check, check_json
from .schema import stdlib_only, validate_task

TASK_FORMAT = "codeact-eval-task/1"
INDEX_FORMAT = "codeact-eval-index/1"

__all__ = ["check", "check_json", "validate_task", "stdlib_only", "TASK_FORMAT", "INDEX_FORMAT"]
