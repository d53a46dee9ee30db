import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { CATALOG as ALL } from '../../src/engine/catalog/catalog';
import { seriesOf } from '../../src/engine/catalog/families';
import {
  CODEACT_DEDICATED_LIB,
  CODEACT_MODEL_ID,
  WEBLLM_MODELS as CATALOG,
  WEBLLM_LIB_PREFIX,
  WEBLLM_MODEL_VERSION,
} from '../../src/engine/catalog/webllm-models';
import { kvBytesPerToken } from '../../src/engine/local/webllm/context-size';
import { customModel, importedModel } from '../../src/engine/local/webllm/entries';
import {
  dedicatedLibUrl,
  resolveWeightsUrl,
  toModelRecord,
} from '../../src/engine/local/webllm/records';

describe('catalog', () => {
  it('has unique ids and sane fields', () => {
    expect(new Set(ALL.map((m) => m.id)).size).toBe(ALL.length);
    for (const m of ALL) {
      expect(m.contextWindow).toBeGreaterThan(0);
      expect(m.memoryMB).toBeGreaterThan(0);
      expect(m.downloadMB).toBeGreaterThan(0);
      expect(m.stopStrings.length).toBeGreaterThan(0);
      expect(['codeact', 'generic']).toContain(m.dialect);
    }
    for (const m of CATALOG) expect(m.source.modelLib).toMatch(/\.wasm$/);
  });

  it('pins WebLLM 0.2.86 library constants (copied to keep WebLLM out of the main bundle)', async () => {
    const w = await import('@mlc-ai/web-llm');
    expect(WEBLLM_MODEL_VERSION).toBe(w.modelVersion);
    expect(WEBLLM_LIB_PREFIX).toBe(w.modelLibURLPrefix);
  });

  it('every prebuilt entry is pinned to WebLLM’s prebuiltAppConfig (URL, library, VRAM, flags, overrides)', () => {
    const prebuilt = CATALOG.filter((x) => x.origin === 'prebuilt');
    expect(prebuilt.length).toBeGreaterThanOrEqual(28);
    for (const m of prebuilt) {
      const rec = prebuiltAppConfig.model_list.find((r) => r.model_id === m.id);
      expect(rec, m.id).toBeDefined();
      if (!rec) continue;
      expect(m.source.modelLib, m.id).toBe(rec.model_lib);
      expect(m.source.weights, m.id).toEqual({ kind: 'url', url: rec.model });
      expect(m.memoryMB, m.id).toBe(rec.vram_required_MB);
      expect(m.lowResource, m.id).toBe(rec.low_resource_required ?? false);
      expect(m.contextWindow, m.id).toBe(rec.overrides?.context_window_size);
      // The record WebLLM loads: same URL, library and every upstream override.
      const ours = toModelRecord(m, 'https://app.example/');
      expect(ours.model, m.id).toBe(`${rec.model}/resolve/main/`);
      expect(ours.model_lib, m.id).toBe(rec.model_lib);
      expect(ours.overrides, m.id).toMatchObject(rec.overrides ?? {});
      for (const f of rec.required_features ?? []) expect(ours.required_features).toContain(f);
    }
  });

  it('has the WebLLM 0.2.86 families a CodeAct agent needs, both quantizations', () => {
    for (const base of [
      'Qwen3.5-9B',
      'Qwen3-8B',
      'Qwen3.5-4B',
      'Qwen3-4B',
      'Phi-4-mini-instruct',
      'gemma-4-E2B-it',
      'Qwen3.5-2B',
      'Qwen3.5-0.8B',
      'Qwen2.5-Coder-7B-Instruct',
      'Llama-3.1-8B-Instruct',
    ])
      for (const quant of ['q4f16_1', 'q4f32_1'])
        expect(
          CATALOG.some((m) => m.id === `${base}-${quant}-MLC`),
          `${base} ${quant}`,
        ).toBe(true);
    // Qwen3.5 is hybrid: WebLLM sizes its recurrent state with max_history_size 1.
    const q35 = CATALOG.find((m) => m.id === 'Qwen3.5-9B-q4f16_1-MLC')!;
    expect(toModelRecord(q35, 'https://x/').overrides).toMatchObject({ max_history_size: 1 });
  });

  it('series data: dialect, end tokens and reasoning come from the series, never from the id', () => {
    for (const m of CATALOG) {
      const series = seriesOf(m.series);
      expect(series, m.id).toBeDefined();
      expect(m.dialect, m.id).toBe(series?.prompt);
      expect(m.stopStrings, m.id).toEqual(series?.endTokens);
      expect(m.kv, m.id).toBeDefined();
      expect(m.maxContext, m.id).toBeGreaterThanOrEqual(m.contextWindow);
    }
    expect(seriesOf('qwen3')?.reasoning?.switch).toBe('enable_thinking');
    expect(seriesOf('gemma-4')?.reasoning?.switch).toBe('none');
  });

  it('KV shapes agree with WebLLM’s own numbers where it ships a 1k variant (VRAM 4k − 1k = 3072 tokens of KV)', () => {
    for (const id of [
      'Llama-3.1-8B-Instruct-q4f16_1-MLC',
      'Llama-3.1-8B-Instruct-q4f32_1-MLC',
      'Phi-3.5-mini-instruct-q4f16_1-MLC',
    ]) {
      const m = CATALOG.find((x) => x.id === id)!;
      const k4 = prebuiltAppConfig.model_list.find((r) => r.model_id === id)!;
      const k1 = prebuiltAppConfig.model_list.find((r) => r.model_id === `${id}-1k`)!;
      const measured = (k4.vram_required_MB! - k1.vram_required_MB!) * 2 ** 20;
      const ours = kvBytesPerToken(m) * 3072;
      expect(Math.abs(ours - measured) / measured, id).toBeLessThan(0.06);
    }
  });

  it('CodeActAgent: codeact dialect, ChatML end token, WebLLM’s prebuilt Mistral q4f16_1 cs1k library', () => {
    const m = CATALOG.find((x) => x.id === CODEACT_MODEL_ID);
    expect(m?.dialect).toBe('codeact');
    // Stop on </s> and <|im_end|> as tokens, and start with BOS (conv_config overrides).
    expect(toModelRecord(m!, 'https://x/').overrides).toMatchObject({
      sliding_window_size: -1,
      conv_config: { stop_token_ids: [2, 32001], system_prefix_token_ids: [1] },
    });
    expect(m?.caveat).toMatch(/RoPE base 1e6.*1e4/);
    expect(m?.needs).toMatch(/converted weights/);
    expect(m?.stopStrings).toContain('<|im_end|>');
    const mistral = prebuiltAppConfig.model_list.find(
      (r) => r.model_id === 'Mistral-7B-Instruct-v0.3-q4f16_1-MLC',
    );
    expect(m?.source.modelLib).toBe(mistral?.model_lib);
    expect(m?.source.modelLib).toMatch(/_cs1k-webgpu\.wasm$/);
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
    expect(rec.model_lib).toBe(m.source.modelLib);
    // A library compiled for the model, found in its folder, replaces the shared one.
    const own = toModelRecord(m, base, undefined, { contextWindow: 8192, useDedicatedLib: true });
    expect(own.model_lib).toBe(
      `https://example.org/app/sub/models/${CODEACT_MODEL_ID}/resolve/main/${CODEACT_DEDICATED_LIB}`,
    );
    expect(dedicatedLibUrl(m, base)).toBe(own.model_lib);
    expect(own.overrides?.context_window_size).toBe(8192);
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
      origin: 'imported',
      downloadMB: 1,
    });
    expect(m.source.modelLib).toBe(known?.source.modelLib);
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
      source: { modelLib: `${url}lib.wasm` },
    });
  });
});
