import { describe, expect, it } from 'vitest';
import { CHANNEL } from '../../src/embed/protocol/protocol';
import {
  parseHostMessage,
  parseParams,
  parseWidgetMessage,
} from '../../src/embed/protocol/validate';

const req = (method: string, params: unknown, id: unknown = 'r1') => ({
  channel: CHANNEL,
  kind: 'request',
  id,
  method,
  params,
});

describe('parseHostMessage', () => {
  it('accepts a well-formed request and a tool result', () => {
    expect(parseHostMessage(req('ask', { prompt: 'hi' }))).toMatchObject({
      method: 'ask',
      id: 'r1',
    });
    expect(
      parseHostMessage({
        channel: CHANNEL,
        kind: 'tool-result',
        callId: 'c1',
        ok: true,
        value: '3',
      }),
    ).toMatchObject({ ok: true, value: '3' });
  });

  it.each([
    ['not an object', 'hello'],
    ['null', null],
    ['an array', [1]],
    ['another channel', { ...req('ask', {}), channel: 'other' }],
    ['a non-string id', req('ask', {}, 7)],
    ['an empty id', req('ask', {}, '')],
    ['a huge id', req('ask', {}, 'x'.repeat(101))],
    ['an unknown method', req('eval', { code: 'alert(1)' })],
    ['an inherited method name', req('toString', {})],
    ['an unknown kind', { channel: CHANNEL, kind: 'response', id: 'r1', ok: true }],
    [
      'a tool result without value',
      { channel: CHANNEL, kind: 'tool-result', callId: 'c', ok: true },
    ],
    [
      'a tool result with a non-boolean ok',
      { channel: CHANNEL, kind: 'tool-result', callId: 'c', ok: 1, value: '1' },
    ],
  ])('ignores %s', (_why, data) => {
    expect(parseHostMessage(data)).toBeNull();
  });
});

describe('parseParams', () => {
  it('normalises workspace paths and keeps the data', () => {
    expect(parseParams('writeFile', { path: '/workspace/data/a.csv', data: 'x,y' })).toEqual({
      path: 'data/a.csv',
      data: 'x,y',
    });
    const buf = new ArrayBuffer(3);
    expect(parseParams('writeFile', { path: 'b.bin', data: buf }).data).toBe(buf);
  });

  it.each([
    ['writeFile', { path: '../etc/passwd', data: 'x' }, /relative path/],
    ['writeFile', { path: 'a.csv', data: 42 }, /string or an ArrayBuffer/],
    ['writeFile', { path: 'a.csv' }, /string or an ArrayBuffer/],
    ['ask', { prompt: '   ' }, /empty/],
    ['ask', { prompt: 'hi', extra: 1 }, /unknown parameter\(s\): extra/],
    ['ask', 'hi', /params must be an object/],
    [
      'registerJsTool',
      { name: 'bad name', signature: '()', description: 'd' },
      /not a Python identifier/,
    ],
    ['registerJsTool', { name: 'f', signature: 'x: int', description: 'd' }, /parameter list/],
    [
      'registerPythonTool',
      { name: 'f', signature: '()', description: 'd' },
      /"source" must be a string/,
    ],
    ['configure', { theme: 'neon' }, /"theme"/],
    ['registerJsTool', { name: 'f', signature: '()', description: 'a\nb' }, /one line/],
  ] as const)('%s rejects %j with a clear message', (method, params, message) => {
    expect(() => parseParams(method, params)).toThrow(message);
  });

  it('fills the default return type of a tool', () => {
    expect(
      parseParams('registerJsTool', { name: 'f', signature: '(x: int)', description: 'd' }),
    ).toEqual({
      name: 'f',
      signature: '(x: int)',
      returns: 'object',
      description: 'd',
    });
  });
});

describe('parseWidgetMessage', () => {
  it('accepts known events and drops unknown or malformed ones', () => {
    const ev = (event: unknown) => parseWidgetMessage({ channel: CHANNEL, kind: 'event', event });
    expect(ev({ type: 'final', content: '42' })).toMatchObject({ event: { type: 'final' } });
    expect(ev({ type: 'output', stream: 'stdout', text: 'x' })).not.toBeNull();
    expect(ev({ type: 'output', stream: 'tty', text: 'x' })).toBeNull();
    expect(ev({ type: 'final' })).toBeNull();
    expect(ev({ type: 'usage', usage: {} })).toBeNull();
  });

  it('checks tool calls and responses', () => {
    const call = { channel: CHANNEL, kind: 'tool-call', callId: 'c1', name: 'f', args: '{}' };
    expect(parseWidgetMessage(call)).toEqual(call);
    expect(parseWidgetMessage({ ...call, args: {} })).toBeNull();
    expect(
      parseWidgetMessage({ channel: CHANNEL, kind: 'response', id: 'r1', ok: false }),
    ).toBeNull();
  });
});
