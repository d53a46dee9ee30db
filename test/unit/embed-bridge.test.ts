// The app-side bridge with a fake window pair and a fake app adapter (no browser).
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/agent/events';
import {
  startEmbedBridge,
  type EmbedAppAdapter,
  type EmbedBridge,
} from '../../src/embed/app/app-bridge';
import { hostToolSource } from '../../src/embed/app/host-tool-relay';
import { CHANNEL } from '../../src/embed/protocol/protocol';
import type { PythonTool } from '../../src/runtime/types';

const HOST = 'https://docs.example';

class FakeApp implements EmbedAppAdapter {
  whenReady?: () => Promise<void>;
  files: Record<string, Uint8Array | string> = {};
  tools: PythonTool[] = [];
  listeners = new Set<(e: AgentEvent) => void>();
  async writeFile(path: string, data: Uint8Array | string) {
    this.files[path] = data;
  }
  async send(prompt: string) {
    for (const l of this.listeners) l({ type: 'final', turn: 1, content: `answer to ${prompt}` });
  }
  onAgentEvent(l: (e: AgentEvent) => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  transcript() {
    return [{ role: 'user' as const, content: 'q' }];
  }
  async setHostTools(tools: PythonTool[]) {
    this.tools = tools;
  }
  configure(s: object) {
    return s;
  }
}

function setup(app = new FakeApp()) {
  const sent: { msg: Record<string, unknown>; target: string }[] = [];
  const parent = {
    postMessage: (msg: Record<string, unknown>, target: string) => sent.push({ msg, target }),
  };
  const win = Object.assign(new EventTarget(), { parent }) as unknown as Window;
  const bridge = startEmbedBridge(app, { win, hostOrigin: HOST });
  const deliver = (data: unknown, origin = HOST, source: unknown = parent) =>
    win.dispatchEvent(Object.assign(new Event('message'), { data, origin, source }));
  const request = (id: string, method: string, params: unknown) =>
    deliver({ channel: CHANNEL, kind: 'request', id, method, params });
  const responses = () => sent.map((s) => s.msg).filter((m) => m.kind === 'response');
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { sent, app, bridge, deliver, request, responses, settle };
}

let current: EmbedBridge | undefined;
afterEach(() => current?.stop());

describe('startEmbedBridge', () => {
  it('announces itself to the expected origin only', async () => {
    const t = setup();
    current = t.bridge;
    await t.settle();
    expect(t.sent[0]).toMatchObject({ msg: { kind: 'ready' }, target: HOST });
    expect(t.sent.every((s) => s.target === HOST)).toBe(true);
  });

  it('announces itself only once the app says it is ready', async () => {
    const app = new FakeApp();
    let appIsReady!: () => void;
    app.whenReady = () => new Promise<void>((r) => (appIsReady = r));
    const t = setup(app);
    current = t.bridge;
    t.request('hello', 'hello', {});
    await t.settle();
    expect(t.sent).toEqual([]);
    appIsReady();
    await t.settle();
    expect(t.sent.map((s) => s.msg.kind).sort()).toEqual(['ready', 'response']);
  });

  it('writes files, answers a prompt with the final answer, and forwards events', async () => {
    const t = setup();
    current = t.bridge;
    t.request('r1', 'writeFile', { path: 'sales.csv', data: 'a,b\n1,2' });
    t.request('r2', 'ask', { prompt: 'sum b' });
    await t.settle();
    expect(t.app.files).toEqual({ 'sales.csv': 'a,b\n1,2' });
    expect(t.responses()).toEqual([
      { channel: CHANNEL, kind: 'response', id: 'r1', ok: true, result: { path: 'sales.csv' } },
      {
        channel: CHANNEL,
        kind: 'response',
        id: 'r2',
        ok: true,
        result: { final: 'answer to sum b' },
      },
    ]);
    const events = t.sent.map((s) => s.msg).filter((m) => m.kind === 'event');
    expect(events.map((m) => m.event)).toEqual([
      { type: 'message', role: 'user', content: 'sum b' },
      { type: 'final', content: 'answer to sum b' },
    ]);
  });

  it('ignores foreign origins, other windows and malformed messages', async () => {
    const t = setup();
    current = t.bridge;
    t.deliver(
      { channel: CHANNEL, kind: 'request', id: 'x', method: 'ask', params: { prompt: 'p' } },
      'https://evil.example',
    );
    t.deliver(
      { channel: CHANNEL, kind: 'request', id: 'y', method: 'ask', params: { prompt: 'p' } },
      HOST,
      {},
    );
    t.deliver({ channel: CHANNEL, kind: 'request', method: 'ask' });
    t.deliver('ask: p');
    await t.settle();
    expect(t.responses()).toEqual([]);
  });

  it('answers bad parameters with an error and changes nothing', async () => {
    const t = setup();
    current = t.bridge;
    t.request('r1', 'writeFile', { path: '../x', data: 'x' });
    await t.settle();
    expect(t.responses()).toEqual([
      expect.objectContaining({
        id: 'r1',
        ok: false,
        error: expect.stringMatching(/^writeFile: .*relative path/),
      }),
    ]);
    expect(t.app.files).toEqual({});
  });

  it('refuses a Python tool whose source does not define it, with the reason', async () => {
    const t = setup();
    current = t.bridge;
    const tool = { name: 'f', signature: '()', returns: 'int', description: 'd', source: 'g = 1' };
    t.request('r1', 'registerPythonTool', tool);
    t.request('r2', 'registerPythonTool', { ...tool, source: 'def f():\n    return 1' });
    await t.settle();
    expect(t.responses()).toEqual([
      expect.objectContaining({ id: 'r1', ok: false, error: expect.stringMatching(/def f/) }),
      expect.objectContaining({ id: 'r2', ok: true }),
    ]);
    expect(t.app.tools.map((x) => x.source)).toEqual(['def f():\n    return 1']);
  });

  it('turns a host JS tool into a Python tool and relays its calls', async () => {
    const t = setup();
    current = t.bridge;
    t.request('r1', 'registerJsTool', {
      name: 'lookup',
      signature: '(key: str)',
      description: 'Look up',
    });
    await t.settle();
    const tool = t.app.tools[0]!;
    expect(tool.name).toBe('lookup');
    expect(tool.description).toBe('Look up (host page tool, async: `await lookup(...)`)');
    const channel = /"(codeact-host-tools-[0-9a-f-]+)"/.exec(tool.source)![1]!;

    // Play the Python side of the channel.
    const python = new BroadcastChannel(channel);
    const replies: unknown[] = [];
    python.onmessage = (ev) => replies.push(JSON.parse(ev.data as string));
    python.postMessage(
      JSON.stringify({ type: 'call', id: 'c1', name: 'lookup', args: '{"key":"k"}' }),
    );
    python.postMessage(
      JSON.stringify({ type: 'call', id: 'c2', name: 'not_registered', args: '{}' }),
    );
    await new Promise((r) => setTimeout(r, 50));
    const call = t.sent.map((s) => s.msg).find((m) => m.kind === 'tool-call');
    expect(call).toMatchObject({ callId: 'c1', name: 'lookup', args: '{"key":"k"}' });

    t.deliver({ channel: CHANNEL, kind: 'tool-result', callId: 'c1', ok: true, value: '"v"' });
    await new Promise((r) => setTimeout(r, 50));
    python.close();
    expect(replies).toContainEqual({ type: 'result', id: 'c1', ok: true, value: '"v"' });
    expect(replies).toContainEqual(expect.objectContaining({ id: 'c2', ok: false }));
  });
});

describe('hostToolSource', () => {
  it('is valid Python the agent accepts as a tool, with hostile text kept as data', () => {
    const src = hostToolSource(
      {
        name: 'lookup',
        signature: '(key: str)',
        returns: 'str',
        description: 'Says "__NAME__" and \\ """',
      },
      'chan',
    );
    expect(src).toMatch(/^async def lookup\(/m);
    expect(src).not.toMatch(/__(TOOL|CHANNEL|SIGNATURE|HELPER_SOURCE)__/);
    const check = 'import ast,sys; ast.parse(sys.stdin.read()); print("ok")';
    expect(execFileSync('/usr/bin/python3', ['-c', check], { input: src }).toString().trim()).toBe(
      'ok',
    );
  });
});

describe('host_tools.py under CPython with a fake JS side', () => {
  it('names the arguments by the declared signature and returns the JSON result', () => {
    const src = hostToolSource(
      {
        name: 'lookup',
        signature: '(key: str, limit: int = 3)',
        returns: 'dict',
        description: 'Look up',
      },
      'chan-1',
    );
    const out = execFileSync(
      '/usr/bin/python3',
      ['test/fixtures/embed/run_host_tool_with_fake_js.py'],
      {
        input: src,
      },
    );
    const report = JSON.parse(out.toString());
    expect(report.names).toEqual(['lookup']);
    expect(report.positional).toEqual({ key: 'k1', limit: 3 });
    expect(report.keyword_default).toEqual({ key: 'k2', limit: 3 });
    expect(report.bad_call).toBe('TypeError');
    expect(report.channel).toBe('chan-1');
    expect(report.doc).toContain('await lookup(key: str, limit: int = 3)');
  });
});
