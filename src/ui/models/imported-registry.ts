// Imported and custom models the user added, remembered in localStorage (the files themselves live
// in WebLLM's cache). Bad stored data is ignored rather than breaking the panel.
import type { CatalogModel } from '../../engine';

const KEY = 'codeact.userModels.v1';

export function loadUserModels(
  storage: Storage | undefined = globalThis.localStorage,
): CatalogModel[] {
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
  storage: Storage | undefined = globalThis.localStorage,
): void {
  storage?.setItem(KEY, JSON.stringify(models));
}

const BASE_KEY = 'codeact.selfHostBase.v1';
export const loadSelfHostBase = (): string =>
  globalThis.localStorage?.getItem(BASE_KEY) ?? 'models/';
export const saveSelfHostBase = (v: string): void => globalThis.localStorage?.setItem(BASE_KEY, v);
