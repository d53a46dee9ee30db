import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import {
  CATALOG,
  customModel,
  importedModel,
  resolveWeightsUrl,
  toModelRecord,
} from '../../src/engine/supply/catalog';
import {
  CODEACT_MODEL_ID,
  WEBLLM_LIB_PREFIX,
  WEBLLM_MODEL_VERSION,
} from '../../src/engine/supply/catalog-data';

describe('catalog', () => {
  it('has unique ids and sane fields', () => {
    expect(new Set(CATALOG.map((m) => m.id)).size).toBe(CATALOG.length);
    for (const m of CATALOG) {
      expect(m.contextWindow).toBeGreaterThan(0);
      expect(m.vramMB).toBeGreaterThan(0);
      expect(m.downloadMB).toBeGreaterThan(0);
      expect(m.stopStrings.length).toBeGreaterThan(0);
      expect(['codeact', 'generic']).toContain(m.dialect);
      expect(m.modelLib).toMatch(/\.wasm$/);
    }
  });

  it('pins WebLLM 0.2.86 library constants (copied to keep WebLLM out of the main bundle)', async () => {
    const w = await import('@mlc-ai/web-llm');
    expect(WEBLLM_MODEL_VERSION).toBe(w.modelVersion);
    expect(WEBLLM_LIB_PREFIX).toBe(w.modelLibURLPrefix);
  });

  it('prebuilt entries match WebLLM’s prebuiltAppConfig (weights URL, library, VRAM)', () => {
    for (const m of CATALOG.filter((x) => x.source === 'prebuilt')) {
      const rec = prebuiltAppConfig.model_list.find((r) => r.model_id === m.id);
      expect(rec, m.id).toBeDefined();
      expect(m.modelLib).toBe(rec?.model_lib);
      expect(m.weights).toEqual({ kind: 'url', url: rec?.model });
      expect(m.vramMB).toBeCloseTo(rec?.vram_required_MB ?? 0, 0);
    }
  });

  it('CodeActAgent: codeact dialect, ChatML end token, WebLLM’s prebuilt Mistral q4f16_1 cs1k library', () => {
    const m = CATALOG.find((x) => x.id === CODEACT_MODEL_ID);
    expect(m?.dialect).toBe('codeact');
    expect(m?.stopStrings).toContain('<|im_end|>');
    const mistral = prebuiltAppConfig.model_list.find(
      (r) => r.model_id === 'Mistral-7B-Instruct-v0.3-q4f16_1-MLC',
    );
    expect(m?.modelLib).toBe(mistral?.model_lib);
    expect(m?.modelLib).toMatch(/_cs1k-webgpu\.wasm$/);
  });

  it('resolves self-hosted weights to absolute /resolve/main/ URLs from the base URI', () => {
    const m = CATALOG.find((x) => x.id === CODEACT_MODEL_ID)!;
    const base = 'https://example.org/app/sub/index.html';
    expect(resolveWeightsUrl(m, base)).toBe(
      `https://example.org/app/sub/models/${CODEACT_MODEL_ID}/resolve/main/`,
    );
    expect(resolveWeightsUrl(m, base, 'https://cdn.example.com/w')).toBe(
      `https://cdn.example.com/w/${CODEACT_MODEL_ID}/resolve/main/`,
    );
    const rec = toModelRecord(m, base);
    expect(rec.required_features).toEqual(['shader-f16']);
    expect(rec.overrides?.context_window_size).toBe(4096);
    expect(JSON.parse(JSON.stringify(rec))).toEqual(rec); // structured-cloneable plain data
  });

  it('custom models need absolute URLs and get /resolve/main/ appended', () => {
    const m = customModel({
      weightsUrl: 'https://h.example/org/My-Model-q4f32_1-MLC',
      libUrl: 'https://h.example/lib.wasm',
    });
    expect(m.id).toBe('My-Model-q4f32_1-MLC');
    expect(m.quantization).toBe('q4f32_1');
    expect(resolveWeightsUrl(m, 'https://x/')).toBe(
      'https://h.example/org/My-Model-q4f32_1-MLC/resolve/main/',
    );
    expect(() => customModel({ weightsUrl: '/relative', libUrl: 'https://h/lib.wasm' })).toThrow(
      /Invalid URL/,
    );
  });
});

describe('importedModel', () => {
  const url = 'https://app.example/imported-models/x/resolve/main/';
  it('a folder named like a catalog model keeps its dialect, stops and library under its own id', () => {
    const m = importedModel({
      id: CODEACT_MODEL_ID,
      modelUrl: url,
      fallbackLib: 'https://l/other.wasm',
      totalBytes: 2 ** 20,
    });
    const known = CATALOG.find((x) => x.id === CODEACT_MODEL_ID);
    expect(m).toMatchObject({
      id: `${CODEACT_MODEL_ID}-imported`,
      dialect: 'codeact',
      source: 'imported',
      downloadMB: 1,
    });
    expect(m.modelLib).toBe(known?.modelLib);
    expect(m.stopStrings).toEqual(known?.stopStrings);
    expect(resolveWeightsUrl(m, 'https://other/')).toBe(url);
  });
  it('an unknown folder uses its stored library, config window and stops', () => {
    const m = importedModel({
      id: 'tiny-q4f32_1',
      modelUrl: url,
      storedLib: `${url}lib.wasm`,
      fallbackLib: 'https://l/x.wasm',
      totalBytes: 0,
      contextWindow: 2048,
      stopStrings: ['<|end|>'],
    });
    expect(m).toMatchObject({
      id: 'tiny-q4f32_1',
      dialect: 'generic',
      contextWindow: 2048,
      stopStrings: ['<|end|>'],
      modelLib: `${url}lib.wasm`,
    });
  });
});
