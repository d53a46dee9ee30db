"""IPython-style `!pip install x` / `%pip install x` / `!cmd` lines, which CodeAct models write.

They are rewritten into Python calls before the cell is parsed: pip becomes an
awaited install through the host (Pyodide's lock, then micropip when the network
is allowed); other shell commands print a clear "not available" message.
"""

import re

_PIP = re.compile(r"^(\s*)[!%]\s*pip3?\s+install\b(.*)$")
_MAGIC_NOOP = re.compile(r"^(\s*)%(matplotlib|config|load_ext)\b.*$")
_SHELL = re.compile(r"^(\s*)!(.*)$")


def rewrite(source):
    """Returns (python source, whether a pip line was found)."""
    out, has_pip = [], False
    for line in source.split("\n"):
        m = _PIP.match(line)
        if m:
            has_pip = True
            out.append(f"{m.group(1)}await __codeact_pip_install__({m.group(2).strip()!r})")
            continue
        m = _MAGIC_NOOP.match(line)
        if m:
            out.append(f"{m.group(1)}pass")
            continue
        m = _SHELL.match(line)
        if m:
            out.append(f"{m.group(1)}__codeact_shell__({m.group(2).strip()!r})")
            continue
        out.append(line)
    return "\n".join(out), has_pip


def python_source(source):
    """The cell as the kernel will run it (what the host scans for imports before running)."""
    return rewrite(source)[0] if ("!" in source or "%" in source) else source


def requirement_names(args):
    """`-q numpy "pandas>=2"` -> ['numpy', 'pandas>=2'] (options dropped)."""
    # Imported here, not at the top: importing shlex took about 8 ms of the kernel's start in
    # Pyodide (bench/README.md), and only a pip line needs it.
    import shlex

    return [a for a in shlex.split(args) if not a.startswith("-")]


def base_name(requirement):
    name = re.split(r"[<>=!~\[;@ ]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def shell_unavailable(command):
    import sys

    print(
        f"!{command}: shell commands are not available (Python runs in the browser). "
        "Use Python instead, e.g. os.listdir() or open().",
        file=sys.stderr,
    )
