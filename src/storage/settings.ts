// Settings in IndexedDB, merged over defaults so new settings get sane values.
import type { IDBPDatabase } from 'idb';
import type { CodeActDB } from './db';
import { StorageQuotaError, isQuotaError } from './errors';
import { DEFAULT_SETTINGS, type Settings } from './types';

const KEY = 'app';

export function normaliseSettings(raw: Partial<Settings> | undefined): Settings {
  const s = { ...DEFAULT_SETTINGS, ...(raw ?? {}) };
  const clamp = (v: unknown, lo: number, hi: number, dflt: number) =>
    typeof v === 'number' && Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : dflt;
  return {
    modelId: typeof s.modelId === 'string' ? s.modelId : DEFAULT_SETTINGS.modelId,
    temperature: clamp(s.temperature, 0, 2, DEFAULT_SETTINGS.temperature),
    maxSteps: Math.round(clamp(s.maxSteps, 1, 50, DEFAULT_SETTINGS.maxSteps)),
    maxReplyTokens: Math.round(clamp(s.maxReplyTokens, 64, 32768, DEFAULT_SETTINGS.maxReplyTokens)),
    timeoutSec: clamp(s.timeoutSec, 1, 3600, DEFAULT_SETTINGS.timeoutSec),
    allowNetwork: s.allowNetwork === true,
    preloadPackages: s.preloadPackages !== false,
    theme: s.theme === 'light' || s.theme === 'dark' ? s.theme : 'system',
  };
}

export async function loadSettings(db: IDBPDatabase<CodeActDB>): Promise<Settings> {
  return normaliseSettings(await db.get('settings', KEY));
}

export async function saveSettings(db: IDBPDatabase<CodeActDB>, s: Settings): Promise<void> {
  try {
    await db.put('settings', normaliseSettings(s), KEY);
  } catch (e) {
    if (isQuotaError(e)) throw new StorageQuotaError('settings');
    throw e;
  }
}
