"""Hidden test cases: call the function the agent defined, with a step budget.

The budget counts trace events through sys.settrace (which works in Pyodide, where there
are no signals or threads to time a call out), so an agent's endless loop ends the case
with a clear failure instead of hanging the evaluation. A step is a "line" or an "opcode"
event: CPython 3.11 reports opcodes even for `while True: pass`, which sends no line
events there, while Pyodide's Python 3.14 reports lines (also on every jump back) but no
opcodes. Time spent inside C code (a builtin that never returns) is not counted and
cannot be stopped this way.
"""

import copy
import math
import numbers
import sys

DEFAULT_STEP_LIMIT = 5_000_000


class StepBudgetExceeded(Exception):
    pass


def call_with_budget(fn, args, kwargs, step_limit=DEFAULT_STEP_LIMIT):
    count = [0]

    def local(frame, event, arg):
        if event == "line" or event == "opcode":
            count[0] += 1
            if count[0] > step_limit:
                raise StepBudgetExceeded(f"stopped after {step_limit:,} steps (an endless loop?)")
        return local

    def on_call(frame, event, arg):
        frame.f_trace_opcodes = True
        return local

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        return fn(*args, **kwargs)
    finally:
        sys.settrace(previous)


def strict_equal(got, expected):
    """== with the container and number types of the expected JSON value: a tuple is not a
    list, True is not 1, and floats must be equal exactly."""
    if isinstance(expected, bool) or isinstance(got, bool):
        return type(got) is type(expected) and got == expected
    if isinstance(expected, (int, float)):
        return isinstance(got, (int, float)) and got == expected
    if isinstance(expected, list):
        return type(got) is list and len(got) == len(expected) and all(
            strict_equal(g, e) for g, e in zip(got, expected)
        )
    if isinstance(expected, dict):
        return type(got) is dict and got.keys() == expected.keys() and all(
            strict_equal(got[k], expected[k]) for k in expected
        )
    return type(got) is type(expected) and got == expected


def tolerant_equal(got, expected, rel=1e-6, abs_=1e-9):
    """Like strict_equal, but tuples and arrays count as lists, numpy scalars as numbers,
    dict keys may be ints written as strings (as JSON must), and numbers may differ by the
    tolerances."""
    if hasattr(got, "tolist") and not isinstance(got, (list, tuple, dict, str)):
        got = got.tolist()  # numpy arrays and scalars
    if isinstance(expected, bool):
        return isinstance(got, (bool, int)) and got in (0, 1) and bool(got) is expected
    if isinstance(expected, (int, float)):
        if isinstance(got, bool) or not isinstance(got, numbers.Real) or math.isnan(got):
            return False
        return abs(got - expected) <= max(abs_, rel * abs(expected))
    if isinstance(expected, list):
        return isinstance(got, (list, tuple)) and len(got) == len(expected) and all(
            tolerant_equal(g, e, rel, abs_) for g, e in zip(got, expected)
        )
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return False
        got_keys = {str(k): v for k, v in got.items()}
        return got_keys.keys() == expected.keys() and all(
            tolerant_equal(got_keys[k], expected[k], rel, abs_) for k in expected
        )
    return got == expected


def _sorted_copy(value):
    try:
        return sorted(value, key=repr)
    except TypeError:
        return value


def run_cases(fn, cases, unordered=False, step_limit=DEFAULT_STEP_LIMIT):
    """(strict passes, tolerant passes, first failure text or "") over all cases."""
    strict_ok = tolerant_ok = 0
    first_failure = ""
    for i, case in enumerate(cases):
        args = copy.deepcopy(case.get("args", []))
        kwargs = copy.deepcopy(case.get("kwargs", {}))
        expected = case["expected"]
        try:
            got = call_with_budget(fn, args, kwargs, step_limit)
        except StepBudgetExceeded as e:
            first_failure = first_failure or f"case {i + 1}: {e}"
            continue
        except Exception as e:  # the agent's code may raise anything
            first_failure = first_failure or f"case {i + 1}: raised {type(e).__name__}: {e}"
            continue
        if unordered and isinstance(got, (list, tuple)) and isinstance(expected, list):
            got, expected = type(got)(_sorted_copy(got)), _sorted_copy(expected)
        s = strict_equal(got, expected)
        t = s or tolerant_equal(got, expected)
        strict_ok += s
        tolerant_ok += t
        if not s and not first_failure:
            first_failure = f"case {i + 1}: expected {expected!r}, got {got!r}" + (
                " (equal in tolerant mode)" if t else ""
            )
    return strict_ok, tolerant_ok, first_failure
