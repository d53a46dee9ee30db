"""The evaluation suite's tasks (eval/tasks/), run under CPython with Debian's numpy, pandas,
matplotlib and scikit-learn.

For every task: its tools and then its reference solution run in a fresh namespace, with the
task's files copied into a temporary folder. The code's '/workspace/' prefix is rewritten to
that folder (the prompts and references name absolute /workspace/ paths, as the agent sees
them in Pyodide), and the folder is also the working directory. Figures are counted as the
browser runtime counts them: each figure shown by plt.show() or left open at the end.
The reference's last printed line is the final answer given to the checker.
"""

import contextlib
import datetime
import functools
import io
import json
import os
import pathlib
import shutil
import sys
import tempfile

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from codeact_eval import check, stdlib_only, validate_task  # noqa: E402
from codeact_eval.check import format_number  # noqa: E402
from codeact_eval.schema import GROUPS  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
EVAL = ROOT / "eval"
TASK_PATHS = sorted(p for g in GROUPS for p in (EVAL / "tasks" / g).glob("*.json"))
TASKS = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in TASK_PATHS}
IDS = sorted(TASKS)

sys.path.insert(0, str(EVAL))
import build_index  # noqa: E402


def test_suite_size():
    counts = {g: sum(1 for t in TASKS.values() if t["group"] == g) for g in GROUPS}
    assert all(n >= 20 for n in counts.values()), counts
    assert len(TASKS) >= 60


@pytest.mark.parametrize("path", TASK_PATHS, ids=lambda p: p.stem)
def test_task_schema(path):
    task = json.loads(path.read_text(encoding="utf-8"))
    assert validate_task(task, path.stem, path.parent.name, str(EVAL / "files")) == []


def test_index_is_up_to_date():
    assert (EVAL / "tasks" / "index.json").read_text(encoding="utf-8") == build_index.build_index(), (
        "run python3 eval/build_index.py"
    )


@functools.lru_cache(maxsize=None)
def run_reference(task_id):
    """(last printed line, namespace, figure count) of the task's tools + reference."""
    task = TASKS[task_id]
    work = tempfile.mkdtemp(prefix=f"eval-{task_id}-")
    for f in task["files"]:
        shutil.copy(EVAL / "files" / f["path"], os.path.join(work, f["name"]))
    shown = [0]

    def show(*_args, **_kwargs):
        shown[0] += len(plt.get_fignums())
        plt.close("all")

    namespace = {"__name__": "__main__"}
    out = io.StringIO()
    cwd, real_show = os.getcwd(), plt.show
    plt.close("all")
    try:
        os.chdir(work)
        plt.show = show
        with contextlib.redirect_stdout(out):
            for label, code in (("tools", (task["tools"] or {}).get("source")), ("reference", task["reference"])):
                if code:
                    exec(compile(code.replace("/workspace/", work + "/"), f"<{task_id} {label}>", "exec"), namespace)
        figures = shown[0] + len(plt.get_fignums())
    finally:
        plt.show = real_show
        plt.close("all")
        os.chdir(cwd)
        shutil.rmtree(work, ignore_errors=True)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    assert lines, f"{task_id}: the reference printed nothing"
    return lines[-1], namespace, figures


def wrong_answer(task, namespace):
    """(text, namespace) of a plausible wrong answer of the task's kind."""
    a = task["answer"]
    kind, v = a["kind"], a.get("value")
    if kind == "number":
        d = a["decimals"]
        w = v * 1.1 if v else 1.0
        if format_number(w, d) == format_number(v, d):
            w = v + 1
        return format_number(w, d), namespace
    if kind == "string":
        others = [c for c in a.get("choices") or [] if c != v]
        if others:
            return others[0], namespace
        i = max(k for k, ch in enumerate(v) if ch.isalnum())
        ch = v[i]
        repl = str((int(ch) + 1) % 10) if ch.isdigit() else ("a" if ch.lower() == "z" else chr(ord(ch) + 1))
        return v[:i] + repl + v[i + 1 :], namespace
    if kind == "bool":
        return str(not v), namespace
    if kind == "date":
        return (datetime.date.fromisoformat(v) + datetime.timedelta(days=1)).isoformat(), namespace
    if kind == "set":
        return canonical_items(a, v[:-1]), namespace
    if kind == "list":
        swapped = [v[1], v[0]] + v[2:] if len(v) > 1 else v + v
        return canonical_items(a, swapped), namespace
    if kind == "function":
        ns = dict(namespace)
        ns[a["name"]] = lambda *args, **kwargs: None
        return "", ns
    raise AssertionError(kind)


def canonical_items(answer, values):
    d = answer.get("decimals", 0)
    return ", ".join(v if isinstance(v, str) else format_number(v, d) for v in values)


def tolerant_only_answer(task, namespace):
    """(text, namespace) that states the right answer in a form strict mode rejects, or
    None where the kind has no such form."""
    a = task["answer"]
    kind, v = a["kind"], a.get("value")
    if kind == "number":
        return f"After checking the data, the answer is **{v:,.{a['decimals']}f}**.", namespace
    if kind == "string":
        return f"I believe it is {v.upper()}.", namespace
    if kind == "bool":
        return ("Yes, it is." if v else "No, it is not."), namespace
    if kind == "date":
        d = datetime.date.fromisoformat(v)
        return f"That happens on {d.strftime('%B')} {d.day}, {d.year}.", namespace
    if kind in ("set", "list"):
        vals = v if kind == "list" else list(reversed(v))
        shown = [x if isinstance(x, str) else format_number(x, a.get("decimals", 0)) for x in vals]
        return "Here they are: " + "; ".join(shown) + ".", namespace
    if kind == "function":
        results = [c["expected"] for c in a["cases"]]
        fn = namespace[a["name"]]
        ns = dict(namespace)
        if all(isinstance(r, list) for r in results):
            ns[a["name"]] = lambda *args, **kwargs: tuple(fn(*args, **kwargs))
        elif all(isinstance(r, bool) for r in results):
            ns[a["name"]] = lambda *args, **kwargs: int(fn(*args, **kwargs))
        else:
            return None
        return "", ns
    raise AssertionError(kind)


@pytest.mark.parametrize("task_id", IDS)
def test_reference_passes_strict_and_tolerant(task_id):
    text, namespace, figures = run_reference(task_id)
    verdict = check(TASKS[task_id], text, namespace, figures)
    assert verdict["strict"] and verdict["tolerant"], verdict


@pytest.mark.parametrize("task_id", IDS)
def test_wrong_answer_fails_both(task_id):
    _text, namespace, figures = run_reference(task_id)
    text, ns = wrong_answer(TASKS[task_id], namespace)
    verdict = check(TASKS[task_id], text, ns, figures)
    assert not verdict["strict"] and not verdict["tolerant"], (text, verdict)


@pytest.mark.parametrize("task_id", IDS)
def test_i_dont_know_fails_both(task_id):
    verdict = check(TASKS[task_id], "I don't know.", {}, 0)
    assert not verdict["strict"] and not verdict["tolerant"], verdict


@pytest.mark.parametrize("task_id", IDS)
def test_prose_answer_passes_only_tolerant(task_id):
    _text, namespace, figures = run_reference(task_id)
    form = tolerant_only_answer(TASKS[task_id], namespace)
    if form is None:
        pytest.skip("this function's results have no looser form (strings or numbers)")
    verdict = check(TASKS[task_id], form[0], form[1], figures)
    assert not verdict["strict"] and verdict["tolerant"], (form[0], verdict)


@pytest.mark.parametrize("task_id", [i for i in IDS if TASKS[i]["requires"].get("figure")])
def test_chart_task_needs_a_figure(task_id):
    text, namespace, figures = run_reference(task_id)
    assert figures >= 1
    verdict = check(TASKS[task_id], text, namespace, 0)
    assert not verdict["strict"] and not verdict["tolerant"]
    assert "no figure" in verdict["detail"]


def test_stdlib_tasks_import_only_the_standard_library():
    """What the Pyodide test (test/unit/eval-pyodide.test.ts) runs must not need wheels."""
    heavy = ("numpy", "pandas", "matplotlib", "sklearn", "scipy")
    for task_id in IDS:
        task = TASKS[task_id]
        if stdlib_only(task):
            code = task["reference"] + ((task["tools"] or {}).get("source") or "")
            assert not any(f"import {m}" in code or f"from {m}" in code for m in heavy), task_id


@pytest.mark.parametrize("task_id", [i for i in IDS if TASKS[i]["tools"]])
def test_tool_descriptions_match_their_docstrings(task_id):
    """The agent's prompt lists tools.functions; the namespace holds tools.source. They must agree."""
    _text, namespace, _figures = run_reference(task_id)
    for f in TASKS[task_id]["tools"]["functions"]:
        assert callable(namespace.get(f["name"])), f["name"]
        assert (namespace[f["name"]].__doc__ or "").strip() == f["description"], f["name"]
