// The texts the model reads (model-texts.ts) versus the notices the person reads
// (user-notices.ts), the package list the prompt names, and estimated token counts.
import { describe, expect, it } from 'vitest';
import {
  missingFileNote,
  missingPackageNote,
  onlyToolDefinitionsObservation,
  REPEATED_REPLY_NOTE,
  repeatedActionNote,
  runtimeFailedNote,
  stuckNote,
  toolsKeptNote,
  uncomputedAnswerObservation,
  workedExampleObservation,
} from '../../src/agent/model-texts';
import { formatRunResult, missingPackages } from '../../src/agent/observation';
import { PackageList } from '../../src/agent/package-list';
import { TokenEstimator } from '../../src/agent/tokens';
import { measureUsage } from '../../src/agent/usage-estimate';
import { missingPackageNotice } from '../../src/agent/user-notices';
import type { ChatResult } from '../../src/engine/engines/types';
import { importablePackages, type Lockfile } from '../../src/runtime/lock';
import { harness } from '../support/agent-harness';
import { fakeResult } from '../support/fake-runtime';

/** The Python worker's own error for a package it could not load (workers/python/packages.ts). */
const workerMissing = (names: string[]) => {
  const list = names.map((n) => `'${n}'`).join(', ');
  const evalue = `Package ${list} is not available: it is not bundled with this app and could not be downloaded from the Pyodide CDN (no internet connection?).`;
  const how =
    'To make it available: connect to the internet (packages then load from https://cdn.jsdelivr.net/pyodide/v314.0.7/full/), or rebuild the app with PYODIDE_WHEELS_DIR=<an unpacked Pyodide 314.0.7 release> npm run build so the wheels are bundled and work offline.';
  return fakeResult({
    error: {
      ename: 'ModuleNotFoundError',
      evalue,
      traceback: `ModuleNotFoundError: ${evalue}\n${how}`,
    },
  });
};
const DEVELOPER_WORDS = /PYODIDE_WHEELS_DIR|npm run build|cdn\.jsdelivr|rebuild|pip install/i;

describe('texts for the model', () => {
  it('a missing package: what can be imported now and the standard library, nothing for the developer', () => {
    const result = workerMissing(['numpy']);
    expect(missingPackages(result)).toEqual(['numpy']);
    const text = formatRunResult(result, 60_000, { importable: ['pandas'] });
    expect(text).toContain('numpy cannot be imported here');
    expect(text).toContain('You can import the Python standard library and pandas');
    expect(text).toContain('Do not import it again');
    expect(text).not.toMatch(DEVELOPER_WORDS);
    expect(missingPackageNote(['scipy'], [])).toContain(
      'You can import only the Python standard library',
    );
  });

  it('with tool functions, the texts that send the model back say the data comes from them', async () => {
    const hint =
      'The data comes from the tool functions list_skus, get_item, already defined: call them, and print what each returns before using it.';
    const tools = ['list_skus', 'get_item'];
    expect(missingPackageNote(['pandas'], [], tools)).toContain(hint);
    expect(workedExampleObservation('Which SKUs?', tools)).toContain(hint);
    expect(uncomputedAnswerObservation('Which SKUs?', tools)).toContain(hint);
    for (const text of [
      missingPackageNote(['pandas'], []),
      workedExampleObservation('Which SKUs?'),
      uncomputedAnswerObservation('Which SKUs?'),
    ])
      expect(text).not.toMatch(/tool function/);
    // Through the agent: pandas imported in a chat whose agent has a tool.
    const code = '<execute>\nimport pandas as pd\nprint(pd.read_csv("products.csv"))\n</execute>';
    const tool = {
      name: 'list_skus',
      signature: '()',
      returns: 'list[str]',
      description: 'All product codes.',
      source: 'def list_skus():\n    return ["A"]\n',
    };
    const h = harness([code, 'I cannot.'], () => workerMissing(['pandas']), {
      packages: [],
      tools: [tool],
    });
    await h.agent.send('Which products?', { onEvent: h.onEvent });
    expect(h.ofType('observation')[0]!.text).toContain(
      'The data comes from the tool function list_skus, already defined: call it',
    );
  });

  it("Python's own 'No module named' is answered the same way", () => {
    const evalue = "No module named 'sympy.solvers'";
    const result = fakeResult({
      error: { ename: 'ModuleNotFoundError', evalue, traceback: `ModuleNotFoundError: ${evalue}` },
    });
    expect(missingPackages(result)).toEqual(['sympy']);
    expect(formatRunResult(result, 1000, { importable: [] })).toContain(
      'sympy cannot be imported here',
    );
  });

  it('a missing file: the files that are there', () => {
    expect(missingFileNote(['sales.csv', 'notes.txt'])).toBe(
      '[That file does not exist. The files in /workspace: sales.csv, notes.txt. Use one of these paths, or create the file first.]',
    );
    expect(missingFileNote([])).toContain('There are no files in /workspace.');
    const result = fakeResult({
      error: { ename: 'FileNotFoundError', evalue: "'data.csv'", traceback: 'FileNotFoundError' },
    });
    expect(formatRunResult(result, 1000, { files: ['sales.csv'] })).toContain(
      'The files in /workspace: sales.csv.',
    );
  });

  it('repetition, a failed runtime and the stuck note', () => {
    expect(repeatedActionNote('error', 'ValueError: bad')).toBe(
      '[This is the same code as before and it failed the same way: change the approach. The error was: ValueError: bad. Print the values the code works with (what each function returns) to find the cause.]',
    );
    // Without the error (a missing package's own text is for developers), the advice stands alone.
    expect(repeatedActionNote('error')).toBe(
      '[This is the same code as before and it failed the same way: change the approach. Print the values the code works with (what each function returns) to find the cause.]',
    );
    expect(repeatedActionNote('output')).toMatch(/same output.*change the approach/);
    expect(repeatedActionNote('alternating')).toMatch(/back and forth/);
    expect(REPEATED_REPLY_NOTE).toMatch(/same as your previous one/);
    expect(runtimeFailedNote('worker died')).toBe(
      '[The Python runtime failed: worker died. Try again with simpler code.]',
    );
    expect(stuckNote(3)).toMatch(/same thing 3 times/);
  });

  it("a tool redefined by the model's code, and the copied worked example", () => {
    expect(toolsKeptNote(['get_rate'])).toBe(
      '[Your code defined get_rate, which is a tool function already defined with the real data. Your definition was left out and the tool was used. Call tool functions directly; never define them.]',
    );
    expect(toolsKeptNote(['a', 'b'])).toMatch(/defined a, b, which are tool functions/);
    expect(onlyToolDefinitionsObservation(['get_rate'])).toMatch(
      /^Execution Output:\n\[No code was run: it only defined get_rate.*calls it/,
    );
    expect(workedExampleObservation('  How many\nchairs?  ')).toBe(
      'Execution Output:\n[No code was run: this is the example from the instructions, not code for the user\'s question. The user\'s question is: "How many chairs?" Write code that answers it.]',
    );
    expect(workedExampleObservation('x'.repeat(1000))).toMatch(/"x{400}…"/);
    expect(workedExampleObservation('')).not.toMatch(/question is/);
    for (const text of [toolsKeptNote(['x']), workedExampleObservation('q')])
      expect(text).not.toMatch(DEVELOPER_WORDS);
  });

  it('the same missing import twice: the repeat note quotes no developer text', async () => {
    const code = '<execute>\nimport pandas as pd\nprint(pd.__version__)\n</execute>';
    const h = harness([code, code, 'I cannot.'], () => workerMissing(['pandas']), {
      packages: [],
    });
    await h.agent.send('load it', { onEvent: h.onEvent });
    const second = h.ofType('observation')[1]!.text;
    expect(second).toContain('same code as before and it failed the same way');
    expect(second).toContain('pandas cannot be imported here');
    expect(second).not.toMatch(/The error was/);
    for (const m of h.agent.messages) expect(m.content).not.toMatch(DEVELOPER_WORDS);
    expect(h.agent.messages.some((m) => /Pyodide CDN|not bundled/.test(m.content))).toBe(false);
  });
});

describe('notices for the person', () => {
  it('say how to make a package available offline (never sent to the model)', () => {
    expect(missingPackageNotice(['numpy'])).toMatch(/PYODIDE_WHEELS_DIR/);
  });

  it('in the loop: the model gets its text, the cell gets the notice, the list is corrected', async () => {
    const h = harness(
      ['<execute>\nimport numpy\n</execute>', 'Done.', '<execute>\nprint(1)\n</execute>', 'ok'],
      (code) => (code.includes('numpy') ? workerMissing(['numpy']) : fakeResult({ stdout: '1\n' })),
    );
    await h.agent.send('mean of 1 2 3', { onEvent: h.onEvent });
    const observation = h.ofType('observation')[0]!.text;
    expect(observation).toContain('You can import the Python standard library and pandas.');
    expect(observation).not.toMatch(DEVELOPER_WORDS);
    const notices = h.ofType('notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.actionId).toBe(h.ofType('action')[0]!.actionId);
    expect(notices[0]!.text).toMatch(/PYODIDE_WHEELS_DIR/);
    expect(h.agent.messages.some((m) => DEVELOPER_WORDS.test(m.content))).toBe(false);
    // The prompt of the first message named numpy; from the next message on, it does not.
    expect(h.engine.requests[0]!.messages[0]!.content).toContain('numpy, pandas');
    await h.agent.send('again', { onEvent: h.onEvent });
    const prompt = h.engine.requests[2]!.messages[0]!.content;
    expect(prompt).toContain('these packages can be imported: pandas.');
    expect(prompt).not.toContain('numpy');
  });

  it('a configured empty package list (standard-library-only runs) is what the prompt says', async () => {
    const h = harness(['ok'], undefined, { packages: [] });
    await h.agent.send('hi', { onEvent: h.onEvent });
    expect(h.engine.requests[0]!.messages[0]!.content).toContain(
      'Only the Python standard library can be imported',
    );
  });
});

describe('the package list from the lock', () => {
  const cdn = 'https://cdn.example/pyodide/';
  const pkg = (name: string, vendored: boolean, depends: string[] = []) => ({
    name,
    file_name: vendored ? `${name}.whl` : `${cdn}${name}.whl`,
    imports: name.endsWith('-tests') || name.startsWith('lib') ? [] : [name.replace(/-/g, '_')],
    depends,
  });
  const lock: Lockfile = {
    packages: Object.fromEntries(
      [
        pkg('Bottleneck', false),
        pkg('affine', false),
        pkg('affine-tests', true),
        pkg('libopenblas', true),
        pkg('scipy', true, ['numpy', 'libopenblas']),
        pkg('numpy', true),
        pkg('pandas', true, ['numpy', 'pytz']),
        pkg('pytz', true),
        pkg('regex', false),
        pkg('scikit-learn', false, ['scipy']),
      ].map((p) => [p.name, p]),
    ),
  };

  it('bundled (offline): the scientific core first, no test packages, no shared libraries', async () => {
    expect(await importablePackages(lock, false)).toEqual(['numpy', 'pandas', 'scipy', 'pytz']);
  });

  it('cached wheels count when their whole closure is on this machine', async () => {
    const cached = new Set([`${cdn}regex.whl`, `${cdn}scikit-learn.whl`]);
    const names = await importablePackages(lock, false, {
      cdn,
      isCached: async (url) => cached.has(url),
    });
    expect(names).toEqual(['numpy', 'pandas', 'scikit-learn', 'scipy', 'pytz', 'regex']);
  });

  it('online: packages that need a download are named too', async () => {
    const names = await importablePackages(lock, true);
    expect(names.slice(0, 4)).toEqual(['numpy', 'pandas', 'scikit-learn', 'scipy']);
    expect(names).toContain('Bottleneck');
    expect(names).not.toContain('affine-tests');
  });

  it('after a failed load the package is dropped for the rest of the chat', () => {
    const list = new PackageList(['numpy', 'pandas', 'scikit-learn']);
    expect(list.fail(['scikit_learn'])).toBe(true);
    expect(list.names).toEqual(['numpy', 'pandas']);
    expect(list.takeChange()).toBe(true);
    expect(list.takeChange()).toBe(false);
    expect(list.fail(['sympy'])).toBe(false);
  });
});

describe('token counts from a server that sends none', () => {
  it('are estimated from the streamed text and labelled so; speeds come from the timing', () => {
    const estimator = new TokenEstimator();
    const result: ChatResult = { content: 'x'.repeat(300), finishReason: 'stop' };
    const m = measureUsage(result.usage, result.content, 120, estimator, {
      elapsedMs: 3000,
      firstTextMs: 1000,
    });
    expect(m.estimated).toBe(true);
    expect(m.usage.completionTokens).toBe(100); // 300 characters at 3 per token
    expect(m.usage.promptTokens).toBe(120);
    expect(m.usage.decodeTokensPerSec).toBeCloseTo(50);
    expect(m.usage.prefillTokensPerSec).toBeCloseTo(120);
  });

  it("keep the engine's own counts and speeds when it sends them", () => {
    const usage = { promptTokens: 10, completionTokens: 20, decodeTokensPerSec: 33 };
    const m = measureUsage(usage, 'abc', 999, new TokenEstimator(), { elapsedMs: 2000 });
    expect(m).toEqual({ usage, estimated: false });
  });
});
