import { mount } from 'svelte';
import { bootstrap } from './app/bootstrap';
import App from './ui/App.svelte';
import { pwa } from './pwa/pwa.svelte';
import './ui/global.css';
import './eval/page-hook';

const app = mount(App, { target: document.getElementById('app')!, props: { boot: bootstrap() } });

// Register the service worker after first paint so it never competes with the app's start.
if (document.readyState === 'complete') void pwa.register();
else window.addEventListener('load', () => void pwa.register(), { once: true });

export default app;
