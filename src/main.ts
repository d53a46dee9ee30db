import { mount } from 'svelte';
import { bootstrap } from './app/bootstrap';
import App from './ui/App.svelte';
import { pwa } from './pwa/pwa.svelte';
import './ui/global.css';
import './eval/page-hook';

const boot = bootstrap();
const app = mount(App, { target: document.getElementById('app')!, props: { boot } });

// Register the service worker once Python is up, so its install (the app's files, Pyodide) never
// competes with Python's start. Where Python needs it first (a first visit to a host that sends
// no CSP), the page's first script has registered it already (src/preboot.ts), and the browser
// lock waits for it (src/pwa/browser-lock.ts). Once Python is quiet, as the first screen's heavier
// work (src/app/start-gate.ts): a cell sent as Python started comes back first.
void boot.pythonQuiet.then(() => pwa.register());

export default app;
