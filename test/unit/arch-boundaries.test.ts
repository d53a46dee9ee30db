// The house rules are enforced, not remembered: the ESLint boundary rules (eslint.boundaries.js,
// part of eslint.config.js and so of `npm run check`) report deliberately wrong imports, the real
// tree passes them, and madge (also in `npm run check`) finds no import cycle in src/ or workers/.
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import madge from 'madge';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import { describe, expect, it } from 'vitest';
import boundaries from '../../eslint.boundaries.js';

const root = path.resolve(__dirname, '../..');
// The project's own config, as `npm run check` runs it.
const projectLint = new ESLint({ cwd: root });

/** Messages of the boundary rules for `code` as if it were the file at `filePath`. */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await projectLint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? [])
    .filter((m) => /^no-restricted-(imports|syntax|globals)$/.test(m.ruleId ?? ''))
    .map((m) => m.message);
}

describe('ESLint boundary rules on deliberately wrong code', () => {
  const wrong: [string, string, string, RegExp][] = [
    [
      'worker code importing src/',
      'workers/python/bad.ts',
      "import { errorText } from '../../src/errors/error-text';\nexport const f = errorText;\n",
      /Worker code imports only from workers/,
    ],
    [
      'a worker slice importing another slice',
      'workers/python/bad.ts',
      "import { createLlmService } from '../llm/llm-service';\nexport const f = createLlmService;\n",
      /slice imports only its own files/,
    ],
    [
      'a contract importing project code',
      'workers/contracts/bad.ts',
      "import type { LockPackage } from './python';\nexport type L = LockPackage;\n",
      /contracts are self-contained/,
    ],
    [
      'src/ importing worker internals',
      'src/runtime/bad.ts',
      "import { WORKSPACE } from '../../workers/python/workspace-sync';\nexport const w = WORKSPACE;\n",
      /only through workers\/contracts/,
    ],
    [
      'src/ importing worker internals dynamically',
      'src/runtime/bad.ts',
      "export const load = () => import('../../workers/python/packages');\n",
      /only through workers\/contracts/,
    ],
    [
      'the UI importing engine internals past the front door',
      'src/ui/models/bad.ts',
      "import { CATALOG } from '../../engine/supply/catalog';\nexport const c = CATALOG;\n",
      /front door/,
    ],
    [
      'the UI importing engine types past the front door',
      'src/ui/state/bad.ts',
      "import type { LLMEngine } from '../../engine/engines/types';\nexport type E = LLMEngine;\n",
      /front door/,
    ],
    [
      'app-side embed code importing engine internals',
      'src/embed/app/bad.ts',
      "import type { ChatMessage } from '../../engine/engines/types';\nexport type M = ChatMessage;\n",
      /front door/,
    ],
    [
      'an engine importing a type from the agent loop above it',
      'src/engine/engines/endpoint/bad.ts',
      "import type { PromptDialect } from '../../../agent/api';\nexport type D = PromptDialect;\n",
      /sit below the agent loop/,
    ],
    [
      'the Python owner importing UI state',
      'src/runtime/bad.ts',
      "import { AppState } from '../ui/state/app.svelte';\nexport const A = AppState;\n",
      /sit below the agent loop/,
    ],
    [
      'the agent using document',
      'src/agent/bad.ts',
      'export const title = () => document.title;\n',
      /no DOM/,
    ],
    [
      'the agent using localStorage',
      'src/agent/bad.ts',
      "export const read = () => localStorage.getItem('x');\n",
      /no DOM/,
    ],
    [
      'the agent importing the UI',
      'src/agent/bad.ts',
      "import { AppState } from '../ui/state/app.svelte';\nexport const A = AppState;\n",
      /AgentEvents, not imports/,
    ],
    [
      'the agent importing storage',
      'src/agent/bad.ts',
      "import { openAppDB } from '../storage/db';\nexport const o = openAppDB;\n",
      /AgentEvents, not imports/,
    ],
    [
      'the agent importing the Python owner',
      'src/agent/bad.ts',
      "import { PythonClient } from '../runtime/python-client';\nexport const P = PythonClient;\n",
      /CodeRunner interface/,
    ],
    // One slice per local backend (src/engine/local/<backend>/): its files are private to it.
    [
      'the engine front door importing a backend slice internal file',
      'src/engine/bad.ts',
      "import { LlmHost } from './local/webllm/llm-host';\nexport const H = LlmHost;\n",
      /files are private to it/,
    ],
    [
      'the engine front door importing a backend slice internal file dynamically',
      'src/engine/bad.ts',
      "export const load = () => import('./local/webllm/llm-host');\n",
      /files are private to it/,
    ],
    [
      'the shared owner next to the slices importing a slice internal file',
      'src/engine/local/bad.ts',
      "import { toModelRecord } from './webllm/records';\nexport const r = toModelRecord;\n",
      /files are private to it/,
    ],
    [
      'the catalog importing a backend slice internal file',
      'src/engine/catalog/bad.ts',
      "import { needsShaderF16 } from '../local/webllm/records';\nexport const n = needsShaderF16;\n",
      /files are private to it/,
    ],
    [
      'code outside the engine importing a backend slice internal file',
      'src/runtime/bad.ts',
      "import { explainWebLLMError } from '../engine/local/webllm/errors';\nexport const e = explainWebLLMError;\n",
      /files are private to it/,
    ],
    [
      "one backend slice importing another slice's file",
      'src/engine/local/wllama/bad.ts',
      "import { LlmHost } from '../webllm/llm-host';\nexport const H = LlmHost;\n",
      /imports no other slice's files/,
    ],
    [
      'src/eval importing engine internals past the front door',
      'src/eval/bad.ts',
      "import type { LLMEngine } from '../engine/engines/types';\nexport type E = LLMEngine;\n",
      /src\/eval imports src\/engine only through its front door/,
    ],
    [
      'src/storage importing engine internals past the front door',
      'src/storage/bad.ts',
      "import type { ChatMessage } from '../engine/engines/types';\nexport type M = ChatMessage;\n",
      /src\/storage imports src\/engine only through its front door/,
    ],
    [
      'the embed host script importing app-side code',
      'src/embed/host/bad.ts',
      "import { startEmbedMode } from '../app/app-bridge';\nexport const s = startEmbedMode;\n",
      /imports only its own files and \.\.\/protocol/,
    ],
    [
      'the embed host script importing the engine',
      'src/embed/host/bad.ts',
      "import { CATALOG } from '../../engine';\nexport const c = CATALOG;\n",
      /imports only its own files and \.\.\/protocol/,
    ],
  ];

  it.each(wrong)('reports %s', async (_what, file, code, expected) => {
    const errors = await boundaryErrors(file, code);
    expect(errors.some((m) => expected.test(m))).toBe(true);
  });

  const right: [string, string, string][] = [
    [
      'src/ importing a worker contract',
      'src/runtime/ok.ts',
      "import type { RunOutput } from '../../workers/contracts/python';\nexport type O = RunOutput;\n",
    ],
    [
      'the UI importing the engine front door',
      'src/ui/state/ok.ts',
      "import { CATALOG, type LLMEngine } from '../../engine';\nexport const c: [unknown, LLMEngine?] = [CATALOG];\n",
    ],
    [
      'the agent importing the runner types',
      'src/agent/ok.ts',
      "import type { RunResult } from '../runtime/types';\nexport type R = RunResult;\n",
    ],
    [
      'a worker slice importing its contract',
      'workers/python/ok.ts',
      "import type { RunOutput } from '../contracts/python';\nexport type O = RunOutput;\n",
    ],
    [
      'the shared owner importing a backend slice through its front door',
      'src/engine/local/ok.ts',
      "import { WebLLMRuntime } from './webllm';\nexport const R = WebLLMRuntime;\n",
    ],
    [
      'a backend slice importing the shared runtime types and the catalog',
      'src/engine/local/webllm/ok.ts',
      "import type { LocalRuntime } from '../runtime';\nimport { CATALOG } from '../../catalog/catalog';\nexport const c: [unknown, LocalRuntime?] = [CATALOG];\n",
    ],
    [
      'src/eval importing the engine front door',
      'src/eval/ok.ts',
      "import type { LLMEngine } from '../engine';\nexport type E = LLMEngine;\n",
    ],
    [
      'the embed host script importing the protocol',
      'src/embed/host/ok.ts',
      "import { originOf } from '../protocol/origins';\nexport const o = originOf;\n",
    ],
    [
      'a worker contract importing the shared chat vocabulary',
      'workers/contracts/ok.ts',
      "import type { ChatMessage } from './chat';\nexport type M = ChatMessage;\n",
    ],
  ];

  it.each(right)('allows %s', async (_what, file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});

it('the real src/ and workers/ pass the boundary rules', async () => {
  // The boundary rules alone (no type-aware rules), so the whole tree lints in a few seconds.
  const lint = new ESLint({
    cwd: root,
    overrideConfigFile: true,
    // Other rules' eslint-disable comments are not this test's business.
    overrideConfig: [
      { linterOptions: { reportUnusedDisableDirectives: 'off' } },
      { files: ['**/*.ts'], languageOptions: { parser: ts.parser } },
      ...svelte.configs['flat/base'],
      {
        files: ['**/*.svelte', '**/*.svelte.ts'],
        languageOptions: { parserOptions: { parser: ts.parser } },
      },
      ...boundaries,
    ],
  });
  const results = await lint.lintFiles(['src/**/*.ts', 'src/**/*.svelte', 'workers/**/*.ts']);
  expect(results.length).toBeGreaterThan(100);
  const problems = results.flatMap((r) =>
    r.messages.map((m) => `${path.relative(root, r.filePath)}:${m.line} ${m.message}`),
  );
  expect(problems).toEqual([]);
});

describe('import cycles (madge, as in npm run check)', () => {
  const config = JSON.parse(fs.readFileSync(path.join(root, '.madgerc'), 'utf8')) as object;

  it('finds none in src/ and workers/', async () => {
    const graph = await madge(['src', 'workers'], { ...config, baseDir: root });
    expect(Object.keys(graph.obj()).length).toBeGreaterThan(100);
    expect(graph.circular()).toEqual([]);
  });

  it('finds the deliberate type-level cycle in a fixture pair', async () => {
    const graph = await madge('test/fixtures/arch/cycle', { ...config, baseDir: root });
    expect(graph.circular()).toEqual([
      ['test/fixtures/arch/cycle/a.ts', 'test/fixtures/arch/cycle/b.ts'],
    ]);
  });
});
