// Settings as reactive state; persisted on every change.
import { DEFAULT_SETTINGS, type Settings, type ThemeSetting } from '../../storage/types';
import { normaliseSettings } from '../../storage/settings';

export class SettingsState implements Settings {
  modelId = $state(DEFAULT_SETTINGS.modelId);
  temperature = $state(DEFAULT_SETTINGS.temperature);
  maxSteps = $state(DEFAULT_SETTINGS.maxSteps);
  maxReplyTokens = $state(DEFAULT_SETTINGS.maxReplyTokens);
  timeoutSec = $state(DEFAULT_SETTINGS.timeoutSec);
  allowNetwork = $state(DEFAULT_SETTINGS.allowNetwork);
  preloadPackages = $state(DEFAULT_SETTINGS.preloadPackages);
  theme = $state<ThemeSetting>(DEFAULT_SETTINGS.theme);

  assign(s: Partial<Settings>): void {
    Object.assign(this, normaliseSettings({ ...this.toJSON(), ...s }));
  }

  toJSON(): Settings {
    return {
      modelId: this.modelId,
      temperature: this.temperature,
      maxSteps: this.maxSteps,
      maxReplyTokens: this.maxReplyTokens,
      timeoutSec: this.timeoutSec,
      allowNetwork: this.allowNetwork,
      preloadPackages: this.preloadPackages,
      theme: this.theme,
    };
  }
}
