// Shared helpers for the Python e2e specs: drive the app's real PythonClient
// (globalThis.__codeact.python, set by src/app/bootstrap.ts) from the page.
import type { Page } from '@playwright/test';
import type { PythonClient } from '../../src/runtime/python-client';
import type { RunResult } from '../../src/runtime/types';

/** What the bootstrap exposes for tests: the app's own PythonClient. */
export type CodeactGlobal = { __codeact: { python: PythonClient } };

export async function startPython(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const g = globalThis as unknown as { __codeact: { python: { start(): Promise<unknown> } } };
    await g.__codeact.python.start();
  });
}

export function runPython(page: Page, code: string, timeoutMs?: number): Promise<RunResult> {
  return page.evaluate(
    async ([c, t]) => {
      const g = globalThis as unknown as {
        __codeact: { python: { run(code: string, o: object): Promise<RunResult> } };
      };
      return g.__codeact.python.run(c as string, t ? { timeoutMs: t } : {});
    },
    [code, timeoutMs] as const,
  );
}
