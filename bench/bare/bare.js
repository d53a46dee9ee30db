// Bare baseline page for the benchmarks: the same Pyodide files in a module worker,
// driven by raw postMessage. No framework, no comlink, no app code.
const worker = new Worker(new URL('./bare-worker.js', import.meta.url), { type: 'module' });
let nextId = 0;
const pending = new Map();
worker.onmessage = (e) => {
  const { id, result, error } = e.data;
  const p = pending.get(id);
  pending.delete(id);
  if (error) p.reject(new Error(error));
  else p.resolve(result);
};

function run(code) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, code });
  });
}

window.bare = { run };
// Navigation -> first result of 1+1, in ms since the navigation started.
window.bareReady = run('1+1').then(() => performance.now());
