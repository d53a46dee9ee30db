// The page's first script, tiny and loaded `async` ahead of the app (the build puts it in the
// page: scripts/vite/preboot.mjs). It starts the Python worker, which begins fetching and
// compiling Pyodide at once, while the app's own code is still arriving; the app's PythonClient
// adopts that worker (src/runtime/early-python.ts). Without it, Python could begin only once the
// app's whole first-screen code had loaded and run.
import { startEarlyPython } from './runtime/early-python';

startEarlyPython();
