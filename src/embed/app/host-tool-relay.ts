// App side of host JavaScript tools. Python (in the runtime worker) posts a call on a
// BroadcastChannel whose name is random per widget session; the relay checks the tool
// is one the host registered, forwards the call to the host page over postMessage and
// posts the host's answer back to Python. No runtime API is needed for this.
import type { PythonTool } from '../../runtime/types';
import type { ToolSpec } from '../protocol/protocol';
import { isObj, isStr } from '../protocol/schema';
import bindingTemplate from './host_tool_binding.py?raw';
import helperSource from './host_tools.py?raw';

const CALL_TIMEOUT_MS = 120_000;

/** Python source that defines `spec.name` as an async function calling the host page. */
export function hostToolSource(spec: ToolSpec, channel: string): string {
  const values: Record<string, string> = {
    __TOOL__: spec.name,
    __HELPER_SOURCE__: JSON.stringify(helperSource),
    __CHANNEL__: JSON.stringify(channel),
    __NAME__: JSON.stringify(spec.name),
    __SIGNATURE__: JSON.stringify(spec.signature),
    __DESCRIPTION__: JSON.stringify(spec.description),
  };
  // One pass, so a value that happens to contain a placeholder is never rewritten.
  return bindingTemplate.replace(/__[A-Z_]+?__/g, (m) => values[m] ?? m);
}

export type ForwardCall = (callId: string, name: string, argsJson: string) => void;

interface CallMessage {
  type: 'call';
  id: string;
  name: string;
  args: string;
}

function parseCall(raw: unknown): CallMessage | null {
  if (typeof raw !== 'string') return null;
  let m: unknown;
  try {
    m = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isObj(m) || m.type !== 'call') return null;
  return isStr(m.id, 100) && isStr(m.name, 64) && isStr(m.args, 1_000_000)
    ? (m as unknown as CallMessage)
    : null;
}

export class HostToolRelay {
  readonly channelName = `codeact-host-tools-${crypto.randomUUID()}`;
  #channel: BroadcastChannel;
  #names = new Set<string>();
  #timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private forward: ForwardCall) {
    this.#channel = new BroadcastChannel(this.channelName);
    this.#channel.onmessage = (ev) => this.#onCall(ev.data);
  }

  /** Allow calls to this tool and return its Python definition. */
  register(spec: ToolSpec): PythonTool {
    this.#names.add(spec.name);
    // The model only sees name, signature and description: tell it the call needs `await`.
    const description = `${spec.description} (host page tool, async: \`await ${spec.name}(...)\`)`;
    return { ...spec, description, source: hostToolSource(spec, this.channelName) };
  }

  /** The host answered call `callId` (value is JSON text). Unknown ids are ignored. */
  settle(callId: string, ok: boolean, valueOrError: string): void {
    const timer = this.#timers.get(callId);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#timers.delete(callId);
    this.#reply(callId, ok ? { ok, value: valueOrError } : { ok, error: valueOrError });
  }

  dispose(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#channel.close();
  }

  #reply(id: string, body: { ok: true; value: string } | { ok: false; error: string }): void {
    this.#channel.postMessage(JSON.stringify({ type: 'result', id, ...body }));
  }

  #onCall(raw: unknown): void {
    const call = parseCall(raw);
    if (!call || this.#timers.has(call.id)) return;
    if (!this.#names.has(call.name)) {
      this.#reply(call.id, { ok: false, error: `"${call.name}" is not a registered host tool` });
      return;
    }
    const timer = setTimeout(
      () => this.settle(call.id, false, `The host page did not answer "${call.name}" in time.`),
      CALL_TIMEOUT_MS,
    );
    this.#timers.set(call.id, timer);
    this.forward(call.id, call.name, call.args);
  }
}
