"""One code action = one cell: run it in a persistent namespace, Jupyter-style.

`run_cell` returns the result as a JSON string, or (for cells with top-level
`await` or `!pip` lines) an asyncio Future that resolves to that string. Plain
cells run synchronously so the host can use Pyodide's synchronous entry point,
where KeyboardInterrupt through the interrupt buffer is reliable.
"""

import ast
import builtins
import inspect
import json
import sys

from . import workspace
from .display import format_value
from .figures import close_figure, emit_open_figures, set_active_sink, use_backend
from .pip_install import pip_install
from .shell_lines import python_source, shell_unavailable
from .streams import DEFAULT_CAP, CappedStream, OutputSink
from .tracebacks import cell_filename, format_error, register_cell_source


HELPER_NAMES = ("display", "__codeact_pip_install__", "__codeact_shell__")


def _is_async(code):
    return code is not None and bool(code.co_flags & inspect.CO_COROUTINE)


class Kernel:
    def __init__(self, emit=None, workspace_dir="/workspace", output_cap=DEFAULT_CAP):
        self.emit = emit
        self.output_cap = output_cap
        self.workspace_dir = workspace_dir
        self.allow_network = False
        self.cell_count = 0
        self.namespaces = {}
        self.namespace_id = None
        self.ns = None
        self._sink = None
        self._files = workspace.snapshot(workspace_dir)
        use_backend()
        self.use_namespace("default")

    # -- namespaces ---------------------------------------------------------------

    def _new_namespace(self):
        return {
            "__name__": "__main__",
            "__builtins__": builtins,
            "display": self.display,
            "__codeact_pip_install__": self._pip,
            "__codeact_shell__": shell_unavailable,
        }

    def user_names(self):
        return sorted(k for k in self.ns if not k.startswith("_") and k not in HELPER_NAMES)

    def use_namespace(self, conversation_id):
        """Switch to the variables of one conversation; returns JSON {switched, message}."""
        if conversation_id == self.namespace_id:
            return json.dumps({"switched": False, "message": f"Already using the variables of conversation {conversation_id}."})
        existing = conversation_id in self.namespaces
        if not existing:
            self.namespaces[conversation_id] = self._new_namespace()
        self.namespace_id = conversation_id
        self.ns = self.namespaces[conversation_id]
        if existing:
            message = f"Switched to the variables of conversation {conversation_id} ({len(self.user_names())} names)."
        else:
            message = f"Started fresh variables for conversation {conversation_id}."
        return json.dumps({"switched": True, "message": message})

    def define(self, source):
        """Run tool definitions in the current namespace (errors raise)."""
        exec(compile(source, "<tools>", "exec"), self.ns)

    def set_allow_network(self, on):
        self.allow_network = bool(on)

    # -- display --------------------------------------------------------------------

    def display(self, *objs, **_kwargs):
        for obj in objs:
            out = format_value(obj)
            if self._sink is None:
                print(out.get("text", ""))
                continue
            self._sink.add(out)
            if out["type"] == "png" and type(obj).__name__ == "Figure":
                close_figure(obj)  # shown once, like Jupyter's inline backend

    def _show_result(self, value):
        if value is None:
            return
        self.ns["_"] = value
        self.display(value)

    async def _pip(self, args):
        await pip_install(args, self.allow_network)

    # -- running --------------------------------------------------------------------

    def _compile(self, code, n):
        filename = cell_filename(n)
        register_cell_source(filename, code)
        source = python_source(code)
        tree = ast.parse(source, filename=filename)
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr) and not source.rstrip().endswith(";"):
            last = ast.Expression(tree.body.pop().value)
        flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
        body = compile(tree, filename, "exec", flags=flags) if tree.body else None
        last = compile(last, filename, "eval", flags=flags) if last is not None else None
        return body, last

    def run_cell(self, code):
        self.cell_count += 1
        sink = OutputSink(self.emit, self.output_cap)
        # Restore the interpreter's own streams afterwards, even if an earlier cell was
        # cut short (a late KeyboardInterrupt) while its capture was still installed.
        saved = sys.__stdout__, sys.__stderr__
        self._sink = sink
        set_active_sink(sink)
        sys.stdout, sys.stderr = CappedStream(sink, "stdout"), CappedStream(sink, "stderr")
        try:
            body, last = self._compile(code, self.cell_count)
        except BaseException as e:
            return self._finish(sink, saved, e)
        if _is_async(body) or _is_async(last):
            import asyncio

            return asyncio.ensure_future(self._run_async(sink, saved, body, last))
        error = None
        try:
            if body is not None:
                exec(body, self.ns)
            if last is not None:
                self._show_result(eval(last, self.ns))
        except BaseException as e:
            error = e
        return self._finish(sink, saved, error)

    async def _run_async(self, sink, saved, body, last):
        error = None
        try:
            if body is not None:
                result = eval(body, self.ns)
                if _is_async(body):
                    await result
            if last is not None:
                value = eval(last, self.ns)
                self._show_result(await value if _is_async(last) else value)
        except BaseException as e:
            error = e
        return self._finish(sink, saved, error)

    def _finish(self, sink, saved, error):
        try:
            emit_open_figures(sink)
        except Exception as e:
            error = error or e
        sys.stdout, sys.stderr = saved
        sink.flush()
        self._sink = None
        set_active_sink(None)
        err = None
        if error is not None:
            ename, evalue, tb = format_error(error)
            err = {"ename": ename, "evalue": evalue, "traceback": tb}
        after = workspace.snapshot(self.workspace_dir)
        changed, deleted = workspace.diff(self._files, after)
        self._files = after
        return json.dumps(
            {
                "stdout": sink.text("stdout"),
                "stderr": sink.text("stderr"),
                "outputs": sink.final_outputs(),
                "error": err,
                "truncated": sink.truncated,
                "files": {"changed": changed, "deleted": deleted},
            }
        )

    def mark_files(self):
        """The host changed /workspace itself (upload, delete): not a change made by code."""
        self._files = workspace.snapshot(self.workspace_dir)
