// The checks on a code action before it runs (src/agent/code-guard.ts): a model's own
// definition of a tool function is left out, the prompt's worked example is not run; and the
// loop around them (what the cell shows, what the model and the person are told).
import { describe, expect, it } from 'vitest';
import {
  guardAction,
  isWorkedExample,
  withoutToolDefinitions,
  withoutToolImports,
} from '../../src/agent/code-guard';
import {
  onlyToolDefinitionsObservation,
  toolsImportedNote,
  toolsKeptNote,
  workedExampleObservation,
} from '../../src/agent/model-texts';
import { WORKED_EXAMPLE_CODE } from '../../src/agent/prompts';
import type { PythonTool } from '../../src/runtime/types';
import { harness } from '../support/agent-harness';
import { fakeResult } from '../support/fake-runtime';

// What Qwen2.5-Coder-1.5B wrote for an exchange-rate task (docs/eval.md, fx-invoice-total).
const SHADOWING = `import math
def get_rate(from_currency: str, to_currency: str) -> float:
    # This function is a placeholder for the actual exchange rate calculation.
    if from_currency == 'USD':
        return 0.85

    elif from_currency == 'GBP':
        return 1.20
    else:
        raise ValueError("Unsupported currency")

# Convert each invoice
def convert_to_euros(amount, currency):
    rate = get_rate(currency, 'EUR')
    return amount * rate

print(round(convert_to_euros(1200, 'USD'), 2))`;

describe('withoutToolDefinitions', () => {
  it('leaves out a top-level definition of a tool, body, blank lines and all, and keeps the rest', () => {
    const out = withoutToolDefinitions(SHADOWING, ['get_rate', 'transfer_fee']);
    expect(out.removed).toEqual(['get_rate']);
    expect(out.code).toBe(`import math

# Convert each invoice
def convert_to_euros(amount, currency):
    rate = get_rate(currency, 'EUR')
    return amount * rate

print(round(convert_to_euros(1200, 'USD'), 2))`);
  });

  it('handles one-line, async and decorated definitions, several tools, and code after them', () => {
    const code = [
      'import functools',
      '@functools.cache',
      'def get_rate(a, b): return 1.0',
      'async def transfer_fee(x):',
      '    return 2.5',
      'print(get_rate("USD", "EUR"), transfer_fee)',
    ].join('\n');
    const out = withoutToolDefinitions(code, ['get_rate', 'transfer_fee']);
    expect(out.removed).toEqual(['get_rate', 'transfer_fee']);
    expect(out.code).toBe('import functools\nprint(get_rate("USD", "EUR"), transfer_fee)');
  });

  it('leaves alone other functions, nested definitions, calls and a code without tools', () => {
    const code = [
      'def get_rates():',
      '    def get_rate(a, b):',
      '        return 1',
      '    return get_rate("A", "B")',
      'x = get_rate("USD", "EUR")',
    ].join('\n');
    expect(withoutToolDefinitions(code, ['get_rate'])).toEqual({ code, removed: [] });
    expect(withoutToolDefinitions(SHADOWING, [])).toEqual({ code: SHADOWING, removed: [] });
  });
});

const ctx = (tools: string[]) => ({ tools, exampleShown: true, question: 'What is 2 ** 10?' });

describe('withoutToolImports', () => {
  // What Qwen2.5-Coder-1.5B wrote for a staff-directory task (docs/eval.md, org-management-chain).
  const tools = ['find_employee', 'get_employee', 'list_reports'];
  it('leaves out an import of tool functions from a module, and nothing else', () => {
    const code =
      'import json\nfrom staff_directory import find_employee, list_reports\nprint(find_employee("Luis Neves"))';
    expect(withoutToolImports(code, tools)).toEqual({
      code: 'import json\nprint(find_employee("Luis Neves"))',
      imported: ['find_employee', 'list_reports'],
    });
    expect(withoutToolImports('from tools import (get_employee)  # the API', tools)).toEqual({
      code: '',
      imported: ['get_employee'],
    });
  });
  it('keeps imports that bring in anything else, aliases, and code without tools', () => {
    for (const line of [
      'from collections import Counter',
      'from staff import find_employee, helper',
      'from staff import find_employee as fe',
      'from . import get_employee, x',
    ])
      expect(withoutToolImports(line, tools)).toEqual({ code: line, imported: [] });
    expect(withoutToolImports('from a import find_employee', [])).toEqual({
      code: 'from a import find_employee',
      imported: [],
    });
  });
});

describe('guardAction', () => {
  it('the worked example is not run, however it is indented', () => {
    expect(isWorkedExample(WORKED_EXAMPLE_CODE)).toBe(true);
    const indented = WORKED_EXAMPLE_CODE.split('\n')
      .map((l) => `  ${l}  `)
      .join('\n\n');
    expect(guardAction(indented, ctx([]))).toEqual({
      run: false,
      why: 'worked-example',
      removed: [],
    });
  });

  it("the example's code runs where the prompt has no example, or the user asks about odd numbers", () => {
    const code = WORKED_EXAMPLE_CODE;
    expect(guardAction(code, { ...ctx([]), exampleShown: false }).run).toBe(true);
    const question = 'What is the product of the first 8 odd numbers?';
    expect(guardAction(code, { ...ctx([]), question }).run).toBe(true);
  });

  it('code that borrows from the example but computes something else runs', () => {
    const changed = WORKED_EXAMPLE_CODE.replace(
      'print(product_of_odds(8))',
      'print(product_of_odds(9))',
    );
    expect(guardAction(changed, ctx([]))).toEqual({
      run: true,
      code: changed,
      removed: [],
      imported: [],
    });
  });

  it('code that only redefines tools has nothing left to run', () => {
    const code = 'import math\n\ndef get_rate(a, b):\n    return 0.85\n';
    // `import math` alone is left: it is still run, it does no harm.
    expect(guardAction(code, ctx(['get_rate']))).toMatchObject({
      run: true,
      removed: ['get_rate'],
      imported: [],
    });
    expect(guardAction('def get_rate(a, b):\n    return 0.85\n# done', ctx(['get_rate']))).toEqual({
      run: false,
      why: 'only-tool-definitions',
      removed: ['get_rate'],
    });
  });
});

const tool: PythonTool = {
  name: 'get_rate',
  signature: '(from_currency: str, to_currency: str)',
  returns: 'float',
  description: 'Units of to_currency for one unit of from_currency.',
  source: 'def get_rate(from_currency, to_currency):\n    return 0.9',
};

describe('the loop with a model that redefines a tool or copies the example', () => {
  it('runs the code without its own tool definition, shows that code, and tells both readers', async () => {
    const h = harness(
      [`<execute>\n${SHADOWING}\n</execute>`, 'The total is 1080.0.'],
      () => fakeResult({ stdout: '1080.0\n' }),
      { tools: [tool] },
    );
    await h.agent.send('Convert 1200 USD to EUR.', { onEvent: h.onEvent });
    expect(h.runner.runs).toHaveLength(1);
    expect(h.runner.runs[0]).not.toContain('def get_rate');
    expect(h.runner.runs[0]).toContain("rate = get_rate(currency, 'EUR')");
    // The cell shows what ran.
    expect(h.ofType('action')[0]?.code).toBe(h.runner.runs[0]);
    const obs = h.ofType('observation')[0]?.text ?? '';
    expect(obs).toBe(`Execution Output:\n${toolsKeptNote(['get_rate'])}\n1080.0`);
    expect(obs).not.toMatch(/agent|cell|app/); // written for the model, not about the UI
    const notice = h.ofType('notice')[0]?.text ?? '';
    expect(notice).toMatch(/own get_rate.*made-up values.*left that definition out/);
    expect(h.ofType('final')).toHaveLength(1);
  });

  it('an import of a tool from a module is left out; the model and the person are told', async () => {
    const code = 'from currency_api import get_rate\nprint(get_rate("USD", "EUR"))';
    const h = harness(
      [`<execute>\n${code}\n</execute>`, 'It is 0.9.'],
      () => fakeResult({ stdout: '0.9\n' }),
      { tools: [tool] },
    );
    await h.agent.send('One USD in EUR?', { onEvent: h.onEvent });
    expect(h.runner.runs).toEqual(['print(get_rate("USD", "EUR"))']);
    expect(h.ofType('action')[0]?.code).toBe(h.runner.runs[0]);
    expect(h.ofType('observation')[0]?.text).toBe(
      `Execution Output:\n${toolsImportedNote(['get_rate'])}\n0.9`,
    );
    expect(toolsImportedNote(['get_rate'])).toBe(
      '[Your code imported get_rate from a module, but it is a tool function already defined here, in no module. That import was left out and the tool was used. Call tool functions directly, with no import.]',
    );
    expect(h.ofType('notice')[0]?.text).toMatch(
      /imported get_rate from a module that does not exist/,
    );
  });

  it('code that only redefines a tool is not run, and the model is told to call it', async () => {
    const only = '<execute>\ndef get_rate(a, b):\n    return 0.85\n</execute>';
    const h = harness([only, 'Done.'], () => fakeResult(), { tools: [tool] });
    await h.agent.send('go', { onEvent: h.onEvent });
    expect(h.runner.runs).toHaveLength(0);
    expect(h.ofType('action')).toHaveLength(0);
    expect(h.ofType('observation')[0]?.text).toBe(onlyToolDefinitionsObservation(['get_rate']));
  });

  it('the copied example is not run; copied again it warns, a third time it ends as stuck', async () => {
    const copy = `<execute>\n${WORKED_EXAMPLE_CODE}\n</execute>`;
    const h = harness([copy, copy, copy, 'never asked'], () => fakeResult({ stdout: '15\n' }), {
      workspaceSummary: async () => 'sales.csv (2 KB)',
      dialect: 'generic',
    });
    await h.agent.send('What is 2 ** 10?', { onEvent: h.onEvent });
    expect(h.runner.runs).toHaveLength(0);
    const obs = h.ofType('observation').map((o) => o.text);
    // The user's question is said again (without any /workspace listing before it).
    expect(obs[0]).toBe(workedExampleObservation('What is 2 ** 10?'));
    expect(obs[1]).toContain(workedExampleObservation('What is 2 ** 10?'));
    expect(obs[1]).toContain('same as your previous one');
    expect(h.ofType('stopped')[0]?.reason).toBe('stuck');
    expect(h.agent.messages[1]?.content).toContain('sales.csv (2 KB)'); // the listing was sent
  });
});
