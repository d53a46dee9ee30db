"""Writes eval/tasks/index.json: the list of tasks that runners load first.

Validates every task (codeact_eval.schema) and stops with the problems if one is broken.

    python3 eval/build_index.py          # rewrite the index
    python3 eval/build_index.py --check  # exit 1 when the committed index is out of date
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TASKS = os.path.join(HERE, "tasks")
INDEX = os.path.join(TASKS, "index.json")
sys.path.insert(0, os.path.join(HERE, "python"))

from codeact_eval import INDEX_FORMAT, stdlib_only, validate_task  # noqa: E402
from codeact_eval.schema import GROUPS  # noqa: E402


def task_paths():
    """(group, file name) of every task file, in a stable order."""
    out = []
    for group in GROUPS:
        folder = os.path.join(TASKS, group)
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            if name.endswith(".json"):
                out.append((group, name))
    return out


def build_index():
    """The index as text, or raise ValueError listing every broken task."""
    entries, problems, seen = [], [], set()
    for group, name in task_paths():
        rel = f"{group}/{name}"
        with open(os.path.join(TASKS, group, name), encoding="utf-8") as f:
            task = json.load(f)
        found = validate_task(task, name[:-5], group, os.path.join(HERE, "files"))
        if task.get("id") in seen:
            found.append("id: used by another task")
        seen.add(task.get("id"))
        problems += [f"{rel}: {p}" for p in found]
        if found:
            continue
        req = task["requires"]
        entries.append({
            "id": task["id"],
            "group": group,
            "path": rel,
            "title": task["title"],
            "answer_kind": task["answer"]["kind"],
            "max_turns": task["max_turns"],
            "tags": task["tags"],
            "packages": req.get("packages", []),
            "figure": bool(req.get("figure")),
            "stdlib_only": stdlib_only(task),
        })
    if problems:
        raise ValueError("broken tasks:\n" + "\n".join(problems))
    counts = {g: sum(1 for e in entries if e["group"] == g) for g in GROUPS}
    index = {
        "format": INDEX_FORMAT,
        "generated_by": "eval/build_index.py (do not edit by hand)",
        "counts": counts,
        "tasks": entries,
    }
    return json.dumps(index, indent=2, ensure_ascii=False) + "\n"


def main(argv):
    try:
        text = build_index()
    except ValueError as e:
        print(e)
        return 1
    if "--check" in argv:
        current = open(INDEX, encoding="utf-8").read() if os.path.exists(INDEX) else ""
        if current != text:
            print("eval/tasks/index.json is out of date: run python3 eval/build_index.py")
            return 1
        return 0
    with open(INDEX, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {INDEX} ({len(json.loads(text)['tasks'])} tasks)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
