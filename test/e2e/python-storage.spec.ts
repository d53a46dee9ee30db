// No reach into the app's storage or the page: a cell that tries every route to wipe IndexedDB and
// Cache Storage (directly, through the real global, through prototypes, through Pyodide's IDBFS)
// and to talk to the page or other tabs fails, and after a reload every conversation, setting,
// workspace file and cache is still there. Messages Python forges never reach the page: nothing
// at all arrives on the worker object (the runtime talks over private ports), and malformed
// output batches on the runtime's own channel are dropped.
import { expect, test } from '@playwright/test';
import { runPython, startPython, type CodeactGlobal } from './python-helpers';

const ATTACK = `
import asyncio, gc, js, pyodide_js
outcome = {}
async def attempt(name, fn):
    try:
        r = fn()
        if asyncio.iscoroutine(r) or hasattr(r, "then"):
            r = await r
        outcome[name] = "no error: " + str(r)[:80]
    except BaseException as e:
        outcome[name] = type(e).__name__ + ": " + str(e)[:160]
async def wipe_indexeddb():
    for d in await js.indexedDB.databases():
        js.indexedDB.deleteDatabase(d.name)
async def wipe_caches():
    for k in await js.caches.keys():
        await js.caches.delete(k)
async def via_real_global():
    g = js.Object.constructor("return globalThis")()
    for d in await g.indexedDB.databases():
        g.indexedDB.deleteDatabase(d.name)
def via_descriptor():
    d = js.Object.getOwnPropertyDescriptor(js.WorkerGlobalScope.prototype, "indexedDB")
    return d.get.call(js.self).deleteDatabase("codeact")
def via_constructor():
    return js.self.constructor.prototype.caches.delete("app-runtime")
async def via_idbfs():
    FS = pyodide_js.FS
    FS.mkdirTree("/idb")
    FS.mount(FS.filesystems.IDBFS, js.Object.new(), "/idb")
    done = asyncio.get_running_loop().create_future()
    FS.syncfs(True, lambda err=None: done.set_result(err))
    err = await done
    if err is not None:
        raise RuntimeError(str(err))
def forge_on_runtime_channel():
    kernel = next(o for o in gc.get_objects() if type(o).__name__ == "Kernel")
    kernel.emit("not json")
    kernel.emit('[{"type": "forged", "html": "<b>x</b>"}, {"type": "text"}]')
    return "sent"
await attempt("indexedDB", wipe_indexeddb)
await attempt("caches", wipe_caches)
await attempt("real global", via_real_global)
await attempt("prototype descriptor", via_descriptor)
await attempt("self.constructor", via_constructor)
await attempt("IDBFS", via_idbfs)
await attempt("OPFS", lambda: js.navigator.storage.getDirectory())
await attempt("serviceWorker", lambda: js.navigator.serviceWorker.getRegistrations())
await attempt("postMessage", lambda: js.postMessage(js.JSON.parse('{"type": "RAW", "id": "x"}')))
await attempt("prototype postMessage", lambda: js.DedicatedWorkerGlobalScope.prototype.postMessage.call(js.self, "forged"))
await attempt("close", lambda: js.close())
await attempt("runtime channel", forge_on_runtime_channel)
outcome
`;

const BLOCKED = [
  'indexedDB',
  'caches',
  'real global',
  'prototype descriptor',
  'self.constructor',
  'IDBFS',
  'OPFS',
  'serviceWorker',
  'postMessage',
  'prototype postMessage',
  'close',
];

test('a cell cannot wipe conversations, settings, files or caches, nor message the page', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // Record every message that arrives on a Worker object in the page (there should be none).
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as unknown as { __workerMessages: string[] }).__workerMessages = seen;
    const Real = globalThis.Worker;
    globalThis.Worker = class extends Real {
      constructor(url: string | URL, opts?: WorkerOptions) {
        super(url, opts);
        this.addEventListener('message', (e) => seen.push(JSON.stringify(e.data).slice(0, 200)));
      }
    };
  });
  await page.goto('./?replay=examples/self-debug.json&autorun=1&pace=0');
  await expect(page.getByTestId('msg-assistant').last()).toContainText('5 times', {
    timeout: 90_000,
  });
  await expect(page.getByTestId('status')).toHaveText('idle');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: 60_000,
  });
  const before = await page.evaluate(async () => {
    const app = (globalThis as unknown as { __codeact: { app: Record<string, never> } }).__codeact
      .app as unknown as {
      settings: { assign(s: object): void };
      saveSettings(): Promise<void>;
    };
    app.settings.assign({ maxSteps: 7 });
    await app.saveSettings();
    const py = (globalThis as unknown as CodeactGlobal).__codeact.python;
    await py.writeFile('keep.csv', 'a,b\n1,2\n');
    return {
      databases: (await indexedDB.databases()).map((d) => d.name).sort(),
      caches: (await caches.keys()).sort(),
    };
  });
  expect(before.databases).toEqual(expect.arrayContaining(['codeact', 'codeact-workspace']));
  expect(before.caches.length).toBeGreaterThan(0);

  await startPython(page);
  const r = await runPython(page, ATTACK, 60_000);
  expect(r.error).toBeNull();
  const last = r.outputs.at(-1);
  const text = last?.type === 'text' ? last.text : '';
  for (const name of BLOCKED) expect(text).toMatch(new RegExp(`'${name}': ['"](?!no error)`));
  // The forged batches were dropped; the run's real result still arrived.
  expect(r.outputs.map((o) => o.type)).toEqual(['text']);
  expect(
    await page.evaluate(
      () => (globalThis as unknown as { __workerMessages: string[] }).__workerMessages,
    ),
  ).toEqual([]);
  // The runtime still answers after all that.
  expect((await runPython(page, '6 * 7')).outputs).toEqual([{ type: 'text', text: '42' }]);

  await page.reload();
  await expect(page.getByTestId('msg-user').first()).toContainText('mississippi');
  await expect(page.getByTestId('code-cell')).toHaveCount(2);
  const after = await page.evaluate(async () => {
    const g = globalThis as unknown as CodeactGlobal & {
      __codeact: { app: { settings: { maxSteps: number } } };
    };
    const py = g.__codeact.python;
    return {
      databases: (await indexedDB.databases()).map((d) => d.name).sort(),
      caches: (await caches.keys()).sort(),
      files: (await py.listFiles()).map((f) => f.path),
      maxSteps: g.__codeact.app.settings.maxSteps,
    };
  });
  expect(after).toEqual({ ...before, files: ['keep.csv'], maxSteps: 7 });
});
