// The page's entry, kept tiny on purpose: it starts the Python worker (which begins fetching and
// compiling Pyodide at once) and only then loads the app. The app's own code (the layout, state,
// engines) would otherwise have to arrive and run before Python could begin, which made the app
// slower to a first result than a bare Pyodide page. The build lists the app's files in the page
// (scripts/vite/app-preload.mjs), so the browser fetches them in parallel with this one.
import { startEarlyPython } from './runtime/early-python';

startEarlyPython();
void import('./app/main-app');
