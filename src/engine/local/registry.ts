// The local backends, one line each: how to build its runtime and how to read its error strings.
// Adding a backend adds its line here (and its slice under local/<backend>/); nothing else in the
// engine's shared code names a backend's internals.
import type { LocalBackend } from '../catalog/catalog';
import { classifyWith, type ClassifiedError, type ErrorExplainer } from '../errors';
import type { LocalRuntime, RuntimeContext, RuntimeFactory } from './runtime';
import { explainWebLLMError, WebLLMRuntime } from './webllm';

export interface BackendEntry {
  create: RuntimeFactory;
  explain: ErrorExplainer;
}

export const BACKENDS: { readonly [B in LocalBackend]?: BackendEntry } = {
  webllm: { create: (ctx) => new WebLLMRuntime(ctx), explain: explainWebLLMError },
};

const entries = (): BackendEntry[] => Object.values(BACKENDS).filter((b) => !!b);

export const createRuntimes = (ctx: RuntimeContext): LocalRuntime[] =>
  entries().map((b) => b.create(ctx));

/** Any error from a local model's life or chat, in words the UI can act on. */
export const classifyError = (err: unknown): ClassifiedError =>
  classifyWith(
    err,
    entries().map((b) => b.explain),
  );
