// The stdlib demo transcripts played through the agent with REAL Python: Pyodide from
// node_modules, loaded in Node (no worker, no wheels). The engine is the FAKE engine fed
// the scripted turns, so this checks the scripts' code and the agent's observations.
import { readFileSync } from 'node:fs';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { CodeActAgent } from '../../src/agent/agent';
import type { AgentEvent } from '../../src/agent/events';
import type { CodeRunner, PythonTool, RunOptions, RunResult } from '../../src/runtime/types';
import { FakeEngine } from '../support/fake-engine';
import { runInPyodide } from '../support/pyodide-run';

const examples = new URL('../../public/examples/', import.meta.url);

/**
 * Test-only stand-in for the runtime client: runs code in one Pyodide namespace and
 * reports stdout and the error text. No streaming, interrupts or rich display.
 */
class MinimalPyodideRunner implements CodeRunner {
  #globals: ReturnType<PyodideAPI['toPy']>;
  constructor(private readonly py: PyodideAPI) {
    this.#globals = py.toPy({});
  }
  run(code: string, _opts?: RunOptions): Promise<RunResult> {
    return runInPyodide(this.py, code, this.#globals);
  }
  async defineTools(tools: PythonTool[]): Promise<void> {
    for (const tool of tools) await runInPyodide(this.py, tool.source, this.#globals);
  }
  async availablePackages(): Promise<string[]> {
    return [];
  }
}

let py: PyodideAPI;
beforeAll(async () => {
  py = await loadPyodide();
  py.FS.mkdirTree('/workspace');
  py.FS.writeFile('/workspace/sales.csv', readFileSync(new URL('sales.csv', examples)));
});

async function play(file: string): Promise<{ observations: string[]; final: string }> {
  const t = JSON.parse(readFileSync(new URL(file, examples), 'utf8')) as {
    prompt: string;
    turns: string[];
  };
  const engine = new FakeEngine(t.turns);
  const agent = new CodeActAgent({
    engine,
    runner: new MinimalPyodideRunner(py),
    dialect: 'codeact',
  });
  const events: AgentEvent[] = [];
  await agent.send(t.prompt, { onEvent: (e) => events.push(e) });
  const observations = events.flatMap((e) => (e.type === 'observation' ? [e.text] : []));
  const final = events.flatMap((e) => (e.type === 'final' ? [e.content] : []))[0] ?? '';
  return { observations, final };
}

describe('scripted demos with real Python (Pyodide in Node)', () => {
  it('self-debug: NameError first, then the count the answer states', async () => {
    const { observations, final } = await play('self-debug.json');
    expect(observations[0]).toContain("NameError: name 'Counter' is not defined");
    expect(observations[1]).toBe("Execution Output:\n[('i', 5), ('s', 4), ('p', 2)]");
    expect(final).toContain('**5 times**');
  });

  it('csv-analysis: the totals the answer reports', async () => {
    const { observations, final } = await play('csv-analysis.json');
    expect(observations[0]).toContain('24 rows');
    expect(observations[1]).toContain('East: 381.70\nSouth: 371.40');
    expect(final).toContain('**381.70**');
  });

  it('five-steps: five runs whose outputs match the answer', async () => {
    const { observations, final } = await play('five-steps.json');
    expect(observations).toHaveLength(5);
    expect(observations.some((o) => /Error/.test(o))).toBe(false);
    expect(observations[2]).toBe('Execution Output:\n639');
    expect(observations[4]).toContain('3.632');
    expect(final).toContain('**639**');
    expect(final).toContain('**3.632**');
  });
});

describe("a model's own version of a tool function, with real Python", () => {
  it('is left out: the code computes with the real tool, and the answer sees its value', async () => {
    const tool: PythonTool = {
      name: 'get_rate',
      signature: '(from_currency: str, to_currency: str)',
      returns: 'float',
      description: 'Units of to_currency for one unit of from_currency.',
      source:
        'def get_rate(from_currency, to_currency):\n    return {"USD": 0.9, "GBP": 1.2}[from_currency]',
    };
    // The shape Qwen2.5-Coder-1.5B wrote: a placeholder with made-up rates, then the work.
    const reply = [
      '<execute>',
      'def get_rate(from_currency, to_currency):',
      '    # placeholder rates',
      '    return 0.5',
      '',
      'print(round(1200 * get_rate("USD", "EUR") + 850 * get_rate("GBP", "EUR"), 2))',
      '</execute>',
    ].join('\n');
    const engine = new FakeEngine([reply, 'The total is 2100.0 EUR.']);
    const runner = new MinimalPyodideRunner(py);
    const agent = new CodeActAgent({ engine, runner, dialect: 'codeact', tools: [tool] });
    const events: AgentEvent[] = [];
    await agent.send('Total in EUR?', { onEvent: (e) => events.push(e) });
    const observation = events.flatMap((e) => (e.type === 'observation' ? [e.text] : []))[0];
    // 1200 * 0.9 + 850 * 1.2 with the real tool (the placeholder would give 1025.0).
    expect(observation).toMatch(/tool was used\. .*\]\n2100\.0$/s);
    expect(events.some((e) => e.type === 'notice')).toBe(true);
  });
});
