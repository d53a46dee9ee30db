import { describe, expect, it } from 'vitest';
import { buildSystemPrompt, stopStrings } from '../../src/agent/prompts';
import { checkTools, formatToolList } from '../../src/agent/tools';
import type { PythonTool } from '../../src/runtime/types';
import { harness } from '../support/agent-harness';
import { fakeResult } from '../support/fake-runtime';

const tool: PythonTool = {
  name: 'lookup_price',
  signature: '(item: str, currency: str = "EUR")',
  returns: 'float',
  description: 'Price of an item from the shop catalogue.',
  source: 'def lookup_price(item, currency="EUR"):\n    return 9.5\n',
};

describe('system prompts', () => {
  const base = { packages: ['numpy', 'pandas'], tools: [], online: false } as const;

  it('codeact: the chat demo protocol, the real packages, and no !pip when offline', () => {
    const prompt = buildSystemPrompt({ ...base, dialect: 'codeact' });
    expect(prompt).toContain('<execute> print("Hello World!") </execute>');
    expect(prompt).toContain('numpy, pandas');
    expect(prompt).toContain('/workspace');
    expect(prompt).toMatch(/matplotlib are shown to the user/);
    expect(prompt).not.toContain('!pip');
    expect(prompt).not.toContain('Example of the format');
    expect(buildSystemPrompt({ ...base, dialect: 'codeact', online: true })).toContain(
      '!pip install',
    );
    expect(buildSystemPrompt({ ...base, packages: [], dialect: 'codeact' })).toContain(
      'Only the Python standard library can be imported: no other package is installed.',
    );
  });

  it('teaches, in general terms, to compute in Python and to check against the user’s example', () => {
    for (const dialect of ['codeact', 'generic'] as const) {
      const prompt = buildSystemPrompt({ ...base, dialect });
      expect(prompt).toMatch(/runs Python and answers from the printed result, never from memory/);
      expect(prompt).toMatch(/first checks its code on that example/);
    }
  });

  it('generic: the same protocol plus one worked example', () => {
    const codeact = buildSystemPrompt({ ...base, dialect: 'codeact' });
    const generic = buildSystemPrompt({ ...base, dialect: 'generic' });
    expect(generic.startsWith(codeact)).toBe(true);
    expect(generic).toContain('Example of the format');
    // The example checks its code on the user's example before answering.
    expect(generic).toContain('User: Execution Output:\n15\n2027025');
    expect(generic).toContain('The code gives 15 for the first 3 odd numbers, as in the example');
  });

  it('stop strings: </execute> plus the template end tokens, from config when given', () => {
    expect(stopStrings('codeact')).toEqual(['</execute>', '<|im_end|>']);
    expect(stopStrings('codeact', ['<|im_end|>', '<|im_start|>'])).toEqual([
      '</execute>',
      '<|im_end|>',
      '<|im_start|>',
    ]);
    expect(stopStrings('generic', ['<|eot_id|>'])).toEqual([
      '</execute>',
      '<|eot_id|>',
      'Execution Output:',
    ]);
  });
});

describe('tools', () => {
  it('are listed the CodeAct way', () => {
    expect(formatToolList([tool])).toBe(
      '[1] lookup_price(item: str, currency: str = "EUR") -> float: Price of an item from the shop catalogue.',
    );
    const prompt = buildSystemPrompt({
      dialect: 'codeact',
      packages: [],
      tools: [tool],
      online: false,
    });
    expect(prompt).toContain(
      'Tool function available (already imported in <execute> environment; call them, never define them yourself):\n[1] lookup_price(',
    );
  });

  it('are rejected with a clear message when the model could not call them', () => {
    expect(() => checkTools([{ ...tool, name: 'bad name' }])).toThrow(/Python identifier/);
    expect(() => checkTools([{ ...tool, source: 'x = 1' }])).toThrow(/does not define/);
    expect(() => checkTools([tool, tool])).toThrow(/twice/);
    expect(() => checkTools([{ ...tool, signature: 'item' }])).toThrow(/signature/);
  });

  it('are in the prompt and defined in the namespace before the first run, again after a restart', async () => {
    let n = 0;
    const h = harness(
      ['<execute>\nprint(lookup_price("tea"))\n', '<execute>\nprint(1)\n', 'Done.'],
      () => fakeResult({ stdout: '9.5\n', restarted: ++n === 1 }),
      { tools: [tool] },
    );
    await h.agent.send('price of tea?');
    expect(h.agent.messages[0]?.content).toContain('[1] lookup_price(');
    expect(h.runner.namespaceAtRun[0]).toContain('lookup_price');
    // The first run reported a runtime restart, so the tools are defined once more.
    expect(h.runner.definedTools).toEqual(['lookup_price', 'lookup_price']);
  });
});
