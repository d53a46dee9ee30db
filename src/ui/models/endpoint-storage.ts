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
}

type Store = KeyValueStore | undefined;
const defaultStore = (): Store => localStore();

export function loadChoice(store: Store = defaultStore()): EndpointChoice | undefined {
  try {
    const v = JSON.parse(store?.getItem(CHOICE_KEY) ?? 'null') as Partial<EndpointChoice> | null;
    if (typeof v?.url !== 'string' || typeof v.model?.id !== 'string') return undefined;
    const model: ServedModel = { id: v.model.id };
    if (typeof v.model.contextWindow === 'number') model.contextWindow = v.model.contextWindow;
    return { url: v.url, model };
  } catch {
    return undefined; // bad stored data: start without a choice
  }
}

export function saveChoice(choice: EndpointChoice, store: Store = defaultStore()): void {
  const model: ServedModel = { id: choice.model.id };
  if (choice.model.contextWindow) model.contextWindow = choice.model.contextWindow;
  store?.setItem(CHOICE_KEY, JSON.stringify({ url: choice.url, model }));
}

export function loadApiKey(store: Store = defaultStore()): string {
  return store?.getItem(API_KEY_STORAGE_KEY) ?? '';
}

export function saveApiKey(key: string, store: Store = defaultStore()): void {
  if (key) store?.setItem(API_KEY_STORAGE_KEY, key);
  else store?.removeItem(API_KEY_STORAGE_KEY);
}
