"""Cell semantics of the runtime under CPython: shell lines, tracebacks, namespaces, files."""

import json
import os

from codeact_runtime import Kernel
from codeact_runtime.shell_lines import base_name, requirement_names, rewrite


def run(kernel, code):
    return json.loads(kernel.run_cell(code))


def test_pip_and_shell_lines_are_rewritten():
    src, has_pip = rewrite("!pip install -q numpy 'pandas>=2'\n  %pip install x\n%matplotlib inline\n!ls\nx = 1")
    assert has_pip
    lines = src.split("\n")
    assert lines[0] == "await __codeact_pip_install__(\"-q numpy 'pandas>=2'\")"
    assert lines[1] == "  await __codeact_pip_install__('x')"
    assert lines[2] == "pass"
    assert lines[3] == "__codeact_shell__('ls')"
    assert lines[4] == "x = 1"
    assert requirement_names("-q numpy 'pandas>=2'") == ["numpy", "pandas>=2"]
    assert base_name("Scikit_Learn[extra]>=1") == "scikit-learn"


def test_the_runtime_imports_shlex_only_for_a_pip_line():
    # Importing shlex was about 8 ms of the kernel's start in Pyodide (bench/README.md): only
    # requirement_names needs it. A fresh interpreter: pytest itself may have imported it here.
    import subprocess
    import sys

    runtime = os.path.join(os.path.dirname(__file__), "..", "..", "workers", "python")
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); import codeact_runtime; "
        "before = 'shlex' in sys.modules; "
        "from codeact_runtime.shell_lines import requirement_names; "
        "requirement_names('-q numpy'); print(before, 'shlex' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe, runtime], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_traceback_keeps_library_frames_but_not_runtime_frames(tmp_path):
    k = Kernel(workspace_dir=str(tmp_path))
    r = run(k, "import json\njson.loads('{bad')")
    tb = r["error"]["traceback"]
    assert r["error"]["ename"] == "JSONDecodeError"
    assert "Cell In[1], line 2" in tb
    assert "json/decoder.py" in tb or "json/__init__.py" in tb  # library frames stay, as in Jupyter
    assert "codeact_runtime" not in tb


def test_keyboard_interrupt_and_system_exit_are_errors_not_crashes(tmp_path):
    k = Kernel(workspace_dir=str(tmp_path))
    assert run(k, "raise KeyboardInterrupt")["error"]["ename"] == "KeyboardInterrupt"
    assert run(k, "import sys\nsys.exit(3)")["error"]["ename"] == "SystemExit"
    assert run(k, "1 + 1")["outputs"] == [{"type": "text", "text": "2"}]


def test_underscore_holds_the_last_value(tmp_path):
    k = Kernel(workspace_dir=str(tmp_path))
    run(k, "40 + 2")
    assert run(k, "_")["outputs"] == [{"type": "text", "text": "42"}]


def test_host_file_changes_are_not_reported_as_code_changes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the worker runs cells in /workspace
    k = Kernel(workspace_dir=str(tmp_path))
    (tmp_path / "upload.csv").write_text("a\n")
    k.mark_files()
    r = run(k, "open('upload.csv').read()")
    assert r["error"] is None
    assert r["files"] == {"changed": [], "deleted": []}
    assert run(k, "open('new.txt', 'w').write('n')")["files"]["changed"] == ["new.txt"]


def test_tools_are_defined_in_the_current_namespace(tmp_path):
    k = Kernel(workspace_dir=str(tmp_path))
    k.define("def add(a, b):\n    return a + b\n")
    assert run(k, "add(2, 3)")["outputs"] == [{"type": "text", "text": "5"}]
