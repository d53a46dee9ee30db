// Host JavaScript tools end to end below the frame boundary: the generated tool runs in the
// real codeact_runtime kernel (Pyodide in Node) and reaches the app-side relay over a real
// BroadcastChannel; the "host page" here is the relay's forward callback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostToolRelay } from '../../src/embed/app/host-tool-relay';
import { loadKernel } from '../fixtures/python/load-kernel.mjs';

interface CellResult {
  stdout: string;
  error: { ename: string; evalue: string } | null;
}

let run: (code: string) => Promise<CellResult>;
let kernel: { define(source: string): void };
const calls: { name: string; args: unknown }[] = [];
let relay: HostToolRelay;

beforeAll(async () => {
  ({ run, kernel } = await loadKernel());
  relay = new HostToolRelay((callId, name, argsJson) => {
    const args = JSON.parse(argsJson) as { city: string; year: number };
    calls.push({ name, args });
    // The host answers asynchronously, like a postMessage round trip.
    setTimeout(() => {
      if (args.city === 'Atlantis') relay.settle(callId, false, 'Error: unknown city');
      else
        relay.settle(callId, true, JSON.stringify({ city: args.city, people: 1000 + args.year }));
    }, 5);
  });
  const tool = relay.register({
    name: 'population',
    signature: '(city: str, year: int = 2024)',
    returns: 'dict',
    description: 'Population of a city',
  });
  kernel.define(tool.source);
}, 120_000);
afterAll(() => relay.dispose());

describe('host JS tools in the Python kernel', () => {
  it('calls the host with named arguments and returns its JSON result', async () => {
    const r = await run("r = await population('Lyon')\nprint(r['city'], r['people'])");
    expect(r.error).toBeNull();
    expect(r.stdout).toBe('Lyon 3024\n');
    expect(calls).toEqual([{ name: 'population', args: { city: 'Lyon', year: 2024 } }]);
  });

  it("turns the host's error into a Python HostToolError", async () => {
    const r = await run("await population(city='Atlantis', year=1)");
    expect(r.error?.ename).toBe('HostToolError');
    expect(r.error?.evalue).toContain('unknown city');
  });

  it('checks arguments against the declared signature before calling the host', async () => {
    const before = calls.length;
    const r = await run("await population('Lyon', 2020, 'extra')");
    expect(r.error?.ename).toBe('TypeError');
    expect(calls.length).toBe(before);
  });
});
