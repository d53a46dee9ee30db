// What an evaluation records from the agent's events: the stuck ending apart from the budget,
// tasks answered with no code, repetition warnings and estimated token counts.
import { describe, expect, it } from 'vitest';
import { MetricsCollector } from '../../src/eval/metrics';
import { harness } from '../support/agent-harness';
import { fakeError } from '../support/fake-runtime';

async function collect(
  replies: string[],
  handler = () => fakeError('ValueError', 'bad'),
  maxSteps = 5,
) {
  const h = harness(replies, handler, { maxSteps });
  const metrics = new MetricsCollector();
  await h.agent.send('task', { onEvent: metrics.onEvent });
  return metrics.result();
}

describe('eval metrics', () => {
  const same = '<execute>\nint("x")\n</execute>';

  it('a model stuck on the same failing code ends as stuck, not as budget reached', async () => {
    const m = await collect([same, same, same]);
    expect(m.ending).toBe('stuck');
    // The third copy is not run: it would only fail again.
    expect(m.codeActions).toBe(2);
    expect(m.repeatWarnings).toBe(1);
    expect(m.noCode).toBe(false);
  });

  it('different failing attempts run to the budget', async () => {
    const code = (v: string) => `<execute>\n${v}\n</execute>`;
    const m = await collect([code('a'), code('b'), code('c')], undefined, 2);
    expect(m.ending).toBe('execution budget reached');
    expect(m.repeatWarnings).toBe(0);
  });

  it('an answer without code is counted as such', async () => {
    const m = await collect(['False.']);
    expect(m).toMatchObject({ ending: 'final answer', codeActions: 0, noCode: true });
  });

  it('counts from an engine that sends none are marked estimated', () => {
    const metrics = new MetricsCollector();
    const usage = { promptTokens: 10, completionTokens: 5 };
    metrics.onEvent({ type: 'usage', usage, contextTokens: 10, contextWindow: 100, elapsedMs: 1 });
    expect(metrics.result().tokensEstimated).toBe(false);
    metrics.onEvent({
      type: 'usage',
      usage,
      estimated: true,
      contextTokens: 10,
      contextWindow: 100,
      elapsedMs: 1,
    });
    expect(metrics.result().tokensEstimated).toBe(true);
  });
});
