// The widget's model-server settings: host requests are checked like every other message.
import { describe, expect, it } from 'vitest';
import { createEmbedAdapter, type WidgetHostApp } from '../../src/embed/app/app-adapter';
import { parseParams } from '../../src/embed/protocol/validate';

describe('setEndpoint and endpoint settings', () => {
  it('accepts a URL, a model and an optional key; rejects anything else', () => {
    expect(
      parseParams('setEndpoint', { url: ' http://localhost:11434/v1 ', model: 'qwen2.5-coder:7b' }),
    ).toEqual({
      url: 'http://localhost:11434/v1',
      model: 'qwen2.5-coder:7b',
    });
    expect(parseParams('setEndpoint', { url: 'u', model: 'm', apiKey: 'k' })).toEqual({
      url: 'u',
      model: 'm',
      apiKey: 'k',
    });
    expect(() => parseParams('setEndpoint', { url: 'u' })).toThrow(/"model" must be a string/);
    expect(() => parseParams('setEndpoint', { url: '', model: 'm' })).toThrow(/"url" is empty/);
    expect(() => parseParams('setEndpoint', { url: 'u', model: 'm', key: 'k' })).toThrow(
      /unknown parameter/,
    );
    expect(parseParams('configure', { endpointUrl: 'u', endpointModel: 'm' })).toEqual({
      endpointUrl: 'u',
      endpointModel: 'm',
    });
    expect(() => parseParams('configure', { endpointKey: 'k' })).toThrow(/unknown parameter/);
  });

  it('attributes arriving one at a time name the endpoint once both are known', () => {
    const used: unknown[][] = [];
    const app = { decorateAgents: () => {} } as unknown as WidgetHostApp;
    const adapter = createEmbedAdapter(app, Promise.resolve(), {
      use: (...args) => (used.push(args), { url: args[0], model: args[1] }),
    });
    adapter.configure({ endpointUrl: 'http://localhost:11434/v1' });
    expect(used).toEqual([]);
    adapter.configure({ endpointModel: 'qwen2.5-coder:7b' });
    adapter.configure({ endpointModel: 'llama3.1:8b' });
    expect(used).toEqual([
      ['http://localhost:11434/v1', 'qwen2.5-coder:7b', undefined],
      ['http://localhost:11434/v1', 'llama3.1:8b', undefined],
    ]);
  });
});
