"""Python side of the CodeAct runtime: runs code actions like a Jupyter cell.

Importable under plain CPython (for pytest); the Pyodide-only parts import
`js`/`pyodide` lazily, inside the functions that need them.
"""

from .kernel import Kernel

__all__ = ["Kernel"]
