// Python worker entry with network access locked: its script response carries the strict CSP
// (scripts/headers.mjs matches this file's name). The runtime itself is runtime.ts.
import { startPythonWorker } from './runtime';

startPythonWorker({ networkOpen: false });
