// Base URLs, address spaces, mixed content and the dialect a served model gets.
import { describe, expect, it } from 'vitest';
import {
  addressSpaceOf,
  displayUrl,
  isMixedContent,
  needsLocalNetworkPermission,
  normalizeBaseUrl,
} from '../../src/engine/engines/endpoint/base-url';
import { dialectForServedModel } from '../../src/engine/engines/endpoint/dialect';
import { EndpointEngine } from '../../src/engine/engines/endpoint/endpoint-engine';
import { stopStrings } from '../../src/agent/prompts';
import { probeEnv } from '../support/endpoint-env';

describe('normalizeBaseUrl', () => {
  it.each([
    ['http://localhost:11434/v1', 'http://localhost:11434/v1'],
    ['  http://localhost:11434/v1/ ', 'http://localhost:11434/v1'],
    ['localhost:1234', 'http://localhost:1234/v1'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080/v1'],
    ['http://gpu-box:8000/v1/chat/completions', 'http://gpu-box:8000/v1'],
    ['https://llm.example/openai/v1/models', 'https://llm.example/openai/v1'],
  ])('%s → %s', (input, out) => expect(normalizeBaseUrl(input)).toBe(out));

  it.each([
    ['', /Enter the server address/],
    ['ftp://host/v1', /http:\/\/ or https:\/\//],
    ['http://user:sk-1@host/v1', /API key field/],
    ['http://host/v1?key=sk-1', /query/],
    ['http://exa mple/v1', /not a URL/],
  ])('rejects %j with a message saying how', (input, why) =>
    expect(() => normalizeBaseUrl(input)).toThrow(why),
  );

  it('a display URL never carries credentials or a query', () => {
    expect(displayUrl('http://u:p@host:1/v1/?k=1#x')).toBe('http://host:1/v1');
  });
});

describe('address spaces', () => {
  it.each([
    ['localhost', 'loopback'],
    ['127.0.0.1', 'loopback'],
    ['[::1]', 'loopback'],
    ['app.localhost', 'loopback'],
    ['192.168.1.20', 'local'],
    ['10.0.0.5', 'local'],
    ['172.20.1.1', 'local'],
    ['172.40.1.1', 'public'],
    ['gpu-box', 'local'],
    ['nas.local', 'local'],
    ['[fd12::1]', 'local'],
    ['api.example.com', 'public'],
    ['8.8.8.8', 'public'],
  ])('%s is %s', (host, space) => expect(addressSpaceOf(host)).toBe(space));

  it('asks for local network access only when going to a more private space', () => {
    expect(needsLocalNetworkPermission('https://x.github.io/', 'http://localhost:11434/v1')).toBe(
      true,
    );
    expect(needsLocalNetworkPermission('https://x.github.io/', 'http://192.168.1.2:8000/v1')).toBe(
      true,
    );
    expect(needsLocalNetworkPermission('http://127.0.0.1:4173/', 'http://localhost:11434/v1')).toBe(
      false,
    );
    expect(needsLocalNetworkPermission('http://192.168.1.3/', 'https://api.example/v1')).toBe(
      false,
    );
    expect(
      needsLocalNetworkPermission('file:///home/u/app/index.html', 'http://localhost:1/v1'),
    ).toBe(false);
  });

  it('mixed content: https page to http non-loopback only', () => {
    expect(isMixedContent('https://a.example/', 'http://192.168.1.2:8000/v1')).toBe(true);
    expect(isMixedContent('https://a.example/', 'http://gpu.example/v1')).toBe(true);
    expect(isMixedContent('https://a.example/', 'http://localhost:11434/v1')).toBe(false);
    expect(isMixedContent('https://a.example/', 'http://127.0.0.1:8000/v1')).toBe(false);
    expect(isMixedContent('https://a.example/', 'https://gpu.example/v1')).toBe(false);
    expect(isMixedContent('http://a.example/', 'http://192.168.1.2/v1')).toBe(false);
  });
});

describe('dialectForServedModel', () => {
  it.each([
    'CodeActAgent-Mistral-7b-v0.1',
    'xingyaoww/CodeActAgent-Mistral-7b-v0.1',
    'xingyaow/codeact-agent-mistral:latest',
    'CodeActAgent-Mistral-7b-v0.1.q8_0.gguf',
    'codeact_agent_llama2',
  ])('%s speaks the CodeAct dialect with the ChatML end token', (id) => {
    const d = dialectForServedModel(id);
    expect(d.dialect).toBe('codeact');
    expect(d.endTokens).toEqual(['<|im_end|>']);
    expect(stopStrings(d.dialect, d.endTokens)).toEqual(['</execute>', '<|im_end|>']);
  });

  it.each(['qwen2.5-coder:7b', 'meta-llama/Llama-3.1-8B-Instruct', 'codeqwen', 'act-agent'])(
    '%s gets the generic dialect',
    (id) => expect(dialectForServedModel(id)).toMatchObject({ dialect: 'generic', endTokens: [] }),
  );

  it('is data on the engine, with a label naming the server and the model', () => {
    const engine = new EndpointEngine({
      baseUrl: 'http://localhost:8000/v1',
      model: { id: 'CodeActAgent-Mistral-7b-v0.1', contextWindow: 32768 },
      env: probeEnv(fetch),
    });
    expect(engine.kind).toBe('endpoint');
    expect(engine.dialect.dialect).toBe('codeact');
    expect(engine.label).toBe(
      'CodeActAgent-Mistral-7b-v0.1 (model server at http://localhost:8000/v1)',
    );
    expect(engine.contextWindow).toBe(32768);
  });
});
