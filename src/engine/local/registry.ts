// The local backends, one line each: how to build its runtime. Adding a backend adds its line
// here (and its slice under local/<backend>/); nothing else in the engine's shared code names a
// backend's internals.
import type { LocalBackend } from '../catalog/catalog';
import type { LocalRuntime, RuntimeContext, RuntimeFactory } from './runtime';
import { WebLLMRuntime } from './webllm';
import { WllamaRuntime } from './wllama';

export const RUNTIMES: { readonly [B in LocalBackend]?: RuntimeFactory } = {
  webllm: (ctx) => new WebLLMRuntime(ctx),
  wllama: (ctx) => new WllamaRuntime(ctx),
};

export const createRuntimes = (ctx: RuntimeContext): LocalRuntime[] =>
  Object.values(RUNTIMES)
    .filter((create) => !!create)
    .map((create) => create(ctx));
