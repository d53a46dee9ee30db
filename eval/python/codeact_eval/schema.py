"""The task format (codeact-eval-task/1): what every task JSON must hold.

validate_task() returns a list of problems (empty when the task is valid), each naming
the field, so that a broken task is reported with the fix rather than failing later.
The TypeScript loader (src/eval/validate.ts) checks the same rules in the browser.
"""

import os
import re

GROUPS = ("data", "compute", "tools")
KINDS = ("number", "string", "bool", "date", "set", "list", "function")
PACKAGES = ("numpy", "pandas", "matplotlib", "scikit-learn", "scipy")
FIELDS = ("id", "group", "title", "prompt", "files", "tools", "answer", "requires", "max_turns", "tags", "reference")
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_TURNS = 20


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _nonempty_str(v):
    return isinstance(v, str) and v.strip() != ""


def _answer_problems(a):
    if not isinstance(a, dict):
        return ["answer: must be an object"]
    kind = a.get("kind")
    if kind not in KINDS:
        return [f"answer.kind: must be one of {', '.join(KINDS)}"]
    p = []
    v = a.get("value")
    if kind == "number":
        d = a.get("decimals")
        if not _is_number(v):
            p.append("answer.value: must be a number")
        if not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 10:
            p.append("answer.decimals: must be an integer 0-10 (the precision the prompt asks for)")
        elif _is_number(v) and round(v, d) != v:
            p.append(f"answer.value: {v} has more than {d} decimals")
        tol = a.get("tolerance")
        if tol is not None and (
            not isinstance(tol, dict) or set(tol) - {"abs", "rel"} or not all(_is_number(x) and x >= 0 for x in tol.values())
        ):
            p.append("answer.tolerance: must be {abs?: number >= 0, rel?: number >= 0}")
    elif kind in ("string", "date"):
        if not _nonempty_str(v):
            p.append("answer.value: must be a non-empty string")
        elif kind == "date" and not ISO_DATE.match(v):
            p.append("answer.value: a date must be written YYYY-MM-DD")
    elif kind == "bool":
        if not isinstance(v, bool):
            p.append("answer.value: must be true or false")
    elif kind in ("set", "list"):
        if not isinstance(v, list) or not v:
            p.append("answer.value: must be a non-empty list")
        elif not (all(_is_number(x) for x in v) or all(_nonempty_str(x) for x in v)):
            p.append("answer.value: items must be all numbers or all non-empty strings")
        elif kind == "set" and len(set(v)) != len(v):
            p.append("answer.value: a set has no repeated items")
    elif kind == "function":
        if not (isinstance(a.get("name"), str) and IDENT.match(a["name"])):
            p.append("answer.name: must be the Python name of the function the prompt asks for")
        cases = a.get("cases")
        if not isinstance(cases, list) or not cases:
            p.append("answer.cases: must be a non-empty list of {args, kwargs?, expected}")
        else:
            for i, c in enumerate(cases):
                if not isinstance(c, dict) or not isinstance(c.get("args", []), list) or "expected" not in c:
                    p.append(f"answer.cases[{i}]: must be {{args: [...], kwargs?: {{...}}, expected}}")
    choices = a.get("choices")
    if choices is not None:
        if kind not in ("string", "set", "list") or not isinstance(choices, list) or not all(_nonempty_str(c) for c in choices):
            p.append("answer.choices: a list of strings, only for string, set and list answers")
        elif kind == "string" and v not in choices:
            p.append("answer.choices: must include answer.value")
        elif kind in ("set", "list") and isinstance(v, list) and not set(v) <= set(choices):
            p.append("answer.choices: must include every item of answer.value")
    aliases = a.get("aliases")
    if aliases is not None and (kind != "string" or not isinstance(aliases, list) or not all(_nonempty_str(x) for x in aliases)):
        p.append("answer.aliases: a list of strings, only for string answers")
    return p


def _tools_problems(tools):
    if tools is None:
        return []
    if not isinstance(tools, dict) or not _nonempty_str(tools.get("source")):
        return ["tools: must be null or {source, functions}"]
    fns = tools.get("functions")
    if not isinstance(fns, list) or not fns:
        return ["tools.functions: must list the tool functions the prompt offers"]
    p = []
    for i, f in enumerate(fns):
        where = f"tools.functions[{i}]"
        if not isinstance(f, dict):
            p.append(f"{where}: must be an object")
            continue
        name = f.get("name")
        if not (isinstance(name, str) and IDENT.match(name)):
            p.append(f"{where}.name: must be a Python identifier")
        elif not re.search(rf"^def\s+{name}\s*\(", tools["source"], re.M):
            p.append(f"{where}: tools.source does not define def {name}(...)")
        sig = f.get("signature")
        if not (isinstance(sig, str) and sig.startswith("(") and sig.endswith(")")):
            p.append(f"{where}.signature: must look like \"(x: int, y: str = 'a')\"")
        if not isinstance(f.get("returns"), str):
            p.append(f"{where}.returns: must be a string such as \"float\"")
        desc = f.get("description")
        if not _nonempty_str(desc) or "\n" in desc:
            p.append(f"{where}.description: must be one non-empty line")
    return p


def validate_task(task, path_stem=None, group_dir=None, files_root=None):
    """Problems with one task; path_stem/group_dir are where its file lies (the id and
    group must match them), files_root is eval/files/ (its files must exist there)."""
    if not isinstance(task, dict):
        return ["the task must be a JSON object"]
    p = [f"{k}: missing" for k in FIELDS if k not in task]
    p += [f"{k}: unknown field" for k in task if k not in FIELDS]
    tid = task.get("id")
    if not (isinstance(tid, str) and ID.match(tid)):
        p.append("id: lower-case words joined by '-'")
    elif path_stem is not None and tid != path_stem:
        p.append(f"id: {tid!r} differs from its file name {path_stem!r}")
    group = task.get("group")
    if group not in GROUPS:
        p.append(f"group: must be one of {', '.join(GROUPS)}")
    elif group_dir is not None and group != group_dir:
        p.append(f"group: {group!r} but the file lies in {group_dir}/")
    for k in ("title", "prompt", "reference"):
        if k in task and not _nonempty_str(task[k]):
            p.append(f"{k}: must be a non-empty string")
    files = task.get("files")
    if not isinstance(files, list):
        p.append("files: must be a list of {name, path}")
    else:
        for i, f in enumerate(files):
            if not (isinstance(f, dict) and _nonempty_str(f.get("name")) and _nonempty_str(f.get("path"))):
                p.append(f"files[{i}]: must be {{name, path}}")
                continue
            if "/" in f["name"] or f["name"].startswith("."):
                p.append(f"files[{i}].name: a plain file name in /workspace/")
            elif isinstance(task.get("prompt"), str) and f"/workspace/{f['name']}" not in task["prompt"]:
                p.append(f"files[{i}]: the prompt never names /workspace/{f['name']}")
            if files_root is not None and not os.path.isfile(os.path.join(files_root, f["path"])):
                p.append(f"files[{i}].path: {f['path']} is not in eval/files/")
    p += _tools_problems(task.get("tools"))
    p += _answer_problems(task.get("answer"))
    req = task.get("requires")
    if not isinstance(req, dict) or set(req) - {"figure", "packages"}:
        p.append("requires: must be {figure?: bool, packages?: [...]}")
    else:
        pkgs = req.get("packages", [])
        if not isinstance(pkgs, list) or not all(x in PACKAGES for x in pkgs):
            p.append(f"requires.packages: only {', '.join(PACKAGES)}")
        if "figure" in req and not isinstance(req["figure"], bool):
            p.append("requires.figure: must be true or false")
        if req.get("figure") and "matplotlib" not in (pkgs if isinstance(pkgs, list) else []):
            p.append("requires.packages: a task that asks for a figure needs matplotlib")
    mt = task.get("max_turns")
    if not isinstance(mt, int) or isinstance(mt, bool) or not 1 <= mt <= MAX_TURNS:
        p.append(f"max_turns: an integer 1-{MAX_TURNS}")
    tags = task.get("tags")
    if not isinstance(tags, list) or not tags or not all(isinstance(t, str) and ID.match(t) for t in tags):
        p.append("tags: a non-empty list of lower-case tags")
    return p


def stdlib_only(task):
    """True when the task needs nothing beyond the standard library (it then also runs
    in a bare Pyodide)."""
    req = task.get("requires") or {}
    return not req.get("packages") and not req.get("figure")
