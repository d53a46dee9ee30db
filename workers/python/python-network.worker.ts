// Python worker entry for the "allow network access" setting: the same runtime, but its script
// response carries the CSP that lets Python reach any http(s) site (scripts/headers.mjs). Storage
// and the page stay out of reach exactly as in the locked worker.
import { startPythonWorker } from './runtime';

startPythonWorker({ networkOpen: true });
