// Where the model-server choice lives in this browser. The address and model are a plain
// setting; the API key has its own storage key so that nothing that reads or exports the
// settings can pick it up by accident, and "Forget key" removes exactly that entry.
import type { ServedModel } from '../../engine';
import { localStore, type KeyValueStore } from '../../storage/guarded';

const CHOICE_KEY = 'codeact.endpoint.v1';
export const API_KEY_STORAGE_KEY = 'codeact.endpointApiKey.v1';

export interface EndpointChoice {
  url: string;
  model: ServedModel;
  /** The idle limit in seconds, when the user changed it. */
  idleSeconds?: number;
  /** The context window the user set (0 or absent: as the server reports). */
  contextTokens?: number;
}

const SERVER_KINDS: readonly string[] = [
  'ollama',
  'lmstudio',
  'llamacpp',
  'llama-cpp-python',
  'vllm',
  'sglang',
];

/** The stored model, keeping only fields of the right type (the server kind decides requests). */
function storedModel(m: Partial<ServedModel> & { id: string }): ServedModel {
  const model: ServedModel = { id: m.id };
  if (typeof m.contextWindow === 'number' && m.contextWindow > 0) {
    model.contextWindow = m.contextWindow;
    if (typeof m.contextFrom === 'string') model.contextFrom = m.contextFrom;
  }
  if (typeof m.trainedContext === 'number') model.trainedContext = m.trainedContext;
  if (typeof m.server === 'string' && SERVER_KINDS.includes(m.server)) model.server = m.server;
  return model;
}

type Store = KeyValueStore | undefined;
const defaultStore = (): Store => localStore();

export function loadChoice(store: Store = defaultStore()): EndpointChoice | undefined {
  try {
    const v = JSON.parse(store?.getItem(CHOICE_KEY) ?? 'null') as Partial<EndpointChoice> | null;
    if (typeof v?.url !== 'string' || typeof v.model?.id !== 'string') return undefined;
    const model = storedModel(v.model as ServedModel);
    const idle = v.idleSeconds;
    const ctx = v.contextTokens;
    return {
      url: v.url,
      model,
      ...(typeof idle === 'number' && idle >= 1 ? { idleSeconds: idle } : {}),
      ...(typeof ctx === 'number' && ctx > 0 ? { contextTokens: ctx } : {}),
    };
  } catch {
    return undefined; // bad stored data: start without a choice
  }
}

export function saveChoice(choice: EndpointChoice, store: Store = defaultStore()): void {
  const model = storedModel(choice.model);
  store?.setItem(
    CHOICE_KEY,
    JSON.stringify({
      url: choice.url,
      model,
      idleSeconds: choice.idleSeconds,
      contextTokens: choice.contextTokens,
    }),
  );
}

export function loadApiKey(store: Store = defaultStore()): string {
  return store?.getItem(API_KEY_STORAGE_KEY) ?? '';
}

export function saveApiKey(key: string, store: Store = defaultStore()): void {
  if (key) store?.setItem(API_KEY_STORAGE_KEY, key);
  else store?.removeItem(API_KEY_STORAGE_KEY);
}
