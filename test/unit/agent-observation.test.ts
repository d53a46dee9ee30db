import { describe, expect, it } from 'vitest';
import {
  IMAGE_PLACEHOLDER,
  INTERRUPTED,
  NO_OUTPUT,
  observationMessage,
  OUTPUT_LIMIT_NOTE,
  TRUNCATION_MARKER,
} from '../../src/agent/model-texts';
import { formatRunResult, truncateMiddle } from '../../src/agent/observation';
import { fakeError, fakeResult } from '../support/fake-runtime';

const T = 60_000;

describe('observation formatting', () => {
  it('keeps stdout, stderr, displayed values and the traceback in order', () => {
    const result = fakeResult({
      stdout: 'a\n',
      outputs: [
        { type: 'stream', name: 'stdout', text: 'a\n' },
        { type: 'stream', name: 'stderr', text: 'warning\n' },
        { type: 'text', text: '42' },
        { type: 'html', html: '<table></table>', text: '   x\n0  1' },
      ],
      error: { ename: 'ValueError', evalue: 'bad', traceback: 'Traceback...\nValueError: bad' },
    });
    expect(formatRunResult(result, T)).toBe(
      'a\nwarning\n42\n   x\n0  1\nTraceback...\nValueError: bad',
    );
  });

  it('does not repeat a traceback the runtime already printed to stderr', () => {
    const text = formatRunResult(fakeError('NameError', "name 'x' is not defined"), T);
    expect(text.match(/NameError/g)).toHaveLength(1);
  });

  it('replaces each image by a placeholder line', () => {
    const result = fakeResult({
      outputs: [
        { type: 'stream', name: 'stdout', text: 'before' },
        { type: 'png', data: 'iVBORw0KGgo=' },
        { type: 'png', data: 'iVBORw0KGgo=' },
      ],
    });
    const text = formatRunResult(result, T);
    expect(text).toBe(`before\n${IMAGE_PLACEHOLDER}\n${IMAGE_PLACEHOLDER}`);
    expect(text).not.toContain('iVBOR');
  });

  it('says so when there is no output', () => {
    expect(formatRunResult(fakeResult(), T)).toBe(NO_OUTPUT);
    expect(observationMessage(formatRunResult(fakeResult(), T))).toBe(
      `Execution Output:\n${NO_OUTPUT}`,
    );
  });

  it('keeps the first and last 2,000 characters of long output', () => {
    const long = 'h'.repeat(3000) + 'MIDDLE' + 't'.repeat(3000);
    const text = formatRunResult(fakeResult({ stdout: long }), T);
    expect(text).toBe(
      'h'.repeat(2000) + TRUNCATION_MARKER + 't'.repeat(2000) + '\n' + OUTPUT_LIMIT_NOTE,
    );
    expect(text).not.toContain('MIDDLE');
    // Exactly at the limit nothing is cut.
    expect(truncateMiddle('x'.repeat(4000))).toBe('x'.repeat(4000));
  });

  it('reports a timeout in seconds, after the partial output, without the interrupt traceback', () => {
    const result = fakeResult({
      stdout: 'started\n',
      timedOut: true,
      error: { ename: 'KeyboardInterrupt', evalue: '', traceback: 'KeyboardInterrupt' },
    });
    const text = formatRunResult(result, 30_000);
    expect(text).toMatch(
      /^started\n\[Execution timed out after 30 s and was stopped\. Make the code faster/,
    );
    expect(text).not.toContain('KeyboardInterrupt');
    expect(formatRunResult(fakeResult({ timedOut: true }), 1500)).toMatch(
      /^\[Execution timed out after 1\.5 s/,
    );
  });

  it('says the variables were lost when the runtime restarted', () => {
    const text = formatRunResult(
      fakeResult({ stdout: '1\n', restarted: true, restartReason: 'it ran out of memory' }),
      T,
    );
    expect(text).toMatch(/^\[The Python runtime was restarted \(it ran out of memory\)/);
    expect(text).toContain('variables');
    expect(text).toContain('\n1\n');
    // A memory failure also says how to use less memory.
    expect(text).toMatch(/ran out of memory\. Work on smaller pieces/);
  });

  it('marks a user interrupt and output cut by the runtime', () => {
    const text = formatRunResult(
      fakeResult({ stdout: 'x', interrupted: true, truncated: true }),
      T,
    );
    expect(text).toBe(`x\n${OUTPUT_LIMIT_NOTE}\n${INTERRUPTED}`);
    expect(INTERRUPTED).toMatch(/user stopped this run/);
    expect(OUTPUT_LIMIT_NOTE).toMatch(/too long.*Print less/);
  });
});
