// "Save": Tenant ID, Application ID, cloud and hosts, validated by the profile (checkSettings) and written
// encrypted to the profile's certificates when there are any.
import type { Profile, Settings } from "../store/profile.js";

export const SETTING_KEYS = ["tenantId", "applicationId", "cloud", "authorityHost", "graphHost", "encryption"] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** New values by field: a string sets it, an empty string clears it, undefined leaves it. */
export type SettingChanges = Partial<Record<SettingKey, string>>;

export interface SaveResult {
  previous: Settings;
  saved: Settings;
  encryption: { encrypted: boolean; reason: string };
}

/** The settings after `changes`; the cloud falls back to global when cleared. */
export function applySettingChanges(current: Settings, changes: SettingChanges): Settings {
  const next: Record<string, unknown> = { ...current };
  for (const k of SETTING_KEYS) {
    const v = changes[k];
    if (v === undefined) continue;
    if (v === "") delete next[k];
    else next[k] = v;
  }
  if (next.cloud === undefined) next.cloud = "global";
  return next as unknown as Settings;
}

/**
 * Saves `changes` over the current settings. `current` is what the caller last read (the dashboard keeps it);
 * without it the settings are read first.
 */
export async function saveSettings(profile: Profile, changes: SettingChanges, current?: Settings): Promise<SaveResult> {
  // Read (when the caller has not) and written under the profile's lock: a `config set` running at the same time
  // keeps its change too.
  const { before: previous, after: saved } = await profile.updateSettings((onDisk) => applySettingChanges(current ?? onDisk, changes));
  return { previous: current ?? previous, saved, encryption: profile.encryptionState(saved) };
}
