// Imported and custom models the user added, remembered in localStorage (the files themselves live
// in WebLLM's cache). Bad stored data is ignored rather than breaking the panel.
import type { CatalogModel } from '../../engine';
import { localStore, type KeyValueStore } from '../../storage/guarded';

const KEY = 'codeact.userModels.v1';

export function loadUserModels(storage: KeyValueStore | undefined = localStore()): CatalogModel[] {
  try {
    const list = JSON.parse(storage?.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(list)
      ? list.filter((m): m is CatalogModel => typeof m?.id === 'string' && !!m.weights)
      : [];
  } catch {
    return [];
  }
}

export function saveUserModels(
  models: CatalogModel[],
  storage: KeyValueStore | undefined = localStore(),
): void {
  storage?.setItem(KEY, JSON.stringify(models));
}

const BASE_KEY = 'codeact.selfHostBase.v1';
export const loadSelfHostBase = (): string => localStore().getItem(BASE_KEY) ?? 'models/';
export const saveSelfHostBase = (v: string): void => localStore().setItem(BASE_KEY, v);
