// The profile's saved settings, the form editing them, and where secrets are kept: read once per profile (or
// taken from what startDashboard read before the first render), saved through core/actions/settings.
import { useEffect, useMemo, useState } from "react";
import { saveSettings } from "../../core/actions/settings.js";
import type { Profile, Settings } from "../../core/store/profile.js";
import type { StoreChoice } from "../../core/store/secret-store/types.js";
import type { Cloud } from "../../core/validate.js";
import type { Message } from "../../present/message.js";
import { clean } from "../../present/text.js";
import type { ActionRunner } from "./use-action-runner.js";
import { keyFor } from "./keymap.js";
import { toMessage } from "./to-message.js";
import type { Tracked } from "./tracked.js";
import { formChanges, formErrors, formFromSettings, isDirty, settingsFromForm, type FormValues } from "./view-model.js";

export type StoreInfo = { kind: "keychain" | "file"; reason: string };

/** The settings and the secret store choice, read since before the first render (see startDashboard). */
export interface Preload {
  settings: Tracked<Settings>;
  store: Tracked<StoreChoice>;
}

export interface ProfileDataOptions {
  preload?: Preload;
  /** true when the admin closed the vault passphrase dialog (explains a failure to read the settings) */
  passphraseCancelled?: () => boolean;
}

export interface ProfileData {
  profileName: string;
  profileDir: string;
  /** settings were read (or failed to read: see loadError) */
  loaded: boolean;
  loadError?: Message;
  saved: Settings;
  form: FormValues;
  errors: { tenantId?: string; applicationId?: string };
  dirty: boolean;
  store?: StoreInfo;
  /** the sign-in host the form's cloud (or a saved override) resolves to */
  authorityHost: string;
  /** whether the settings file is (or would be, once saved) encrypted, and why: the Save row's note */
  encryptionText: string;
  setField(field: "tenantId" | "applicationId", value: string): void;
  setCloud(cloud: Cloud): void;
  /** shows settings someone else saved (register): the form follows them */
  showSaved(settings: Settings): void;
  save(): Promise<boolean>;
}

function storeInfo(c: StoreChoice): StoreInfo {
  return { kind: c.kind, reason: clean(c.reason, 200) };
}

export function useProfileData(profile: Profile, runner: ActionRunner, opts: ProfileDataOptions): ProfileData {
  // What was read before the first render is shown in it; the rest arrives through the effect below.
  const [preload] = useState(() => {
    const pre = opts.preload;
    return pre && { profile, settings: pre.settings, store: pre.store, read: pre.settings.settled, storeRead: pre.store.settled };
  });
  const settingsError = (e: unknown): Message =>
    opts.passphraseCancelled?.()
      ? {
          kind: "error",
          text: "the saved settings were not read: the vault passphrase was not entered",
          hint: `quit (${keyFor("quit")}) and start again to unlock the vault; Save is disabled so that nothing is overwritten`,
        }
      : toMessage(e);
  const [loaded, setLoaded] = useState(preload?.read !== undefined);
  const [loadError, setLoadError] = useState<Message | undefined>(() => (preload?.read?.ok === false ? settingsError(preload.read.error) : undefined));
  const [saved, setSaved] = useState<Settings>(() => (preload?.read?.ok ? preload.read.value : { cloud: "global" }));
  const [form, setForm] = useState<FormValues>(() => (preload?.read?.ok ? formFromSettings(preload.read.value) : { tenantId: "", applicationId: "", cloud: "global" }));
  const [store, setStore] = useState<StoreInfo | undefined>(() => (preload?.storeRead?.ok ? storeInfo(preload.storeRead.value) : undefined));

  useEffect(() => {
    let live = true;
    const pre = preload?.profile === profile ? preload : undefined;
    if (!pre?.read)
      (pre?.settings.promise ?? profile.readSettings()).then(
        (s) => {
          if (!live) return;
          setSaved(s);
          setForm(formFromSettings(s));
          setLoaded(true);
        },
        (e: unknown) => {
          if (!live) return;
          setLoadError(settingsError(e));
          setLoaded(true);
        },
      );
    if (!pre?.storeRead)
      (pre?.store.promise ?? profile.storeChoice()).then(
        (c) => live && setStore(storeInfo(c)),
        () => undefined,
      );
    return () => {
      live = false;
    };
    // Per profile only: preload never changes and settingsError reads opts when called.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [profile]);

  const errors = useMemo(() => formErrors(form), [form]);
  const dirty = loaded && !loadError && isDirty(saved, form);
  const showSaved = (s: Settings) => {
    setSaved(s);
    setForm(formFromSettings(s));
  };
  const shown = settingsFromForm(saved, form);
  const enc = profile.encryptionState(shown);

  return {
    profileName: profile.location.name,
    profileDir: profile.location.dir,
    loaded,
    loadError,
    saved,
    form,
    errors,
    dirty,
    store,
    authorityHost: profile.resolveHosts(shown).authorityHost,
    encryptionText: loaded ? `${enc.encrypted ? "encrypted" : "not encrypted"}: ${enc.reason}` : "reading the saved settings…",
    setField: (field, value) => setForm((f) => ({ ...f, [field]: value })),
    setCloud: (cloud) => setForm((f) => ({ ...f, cloud })),
    showSaved,

    save: async () => {
      if (loadError) {
        runner.notify({ kind: "error", text: "the saved settings could not be read, so they are not overwritten", hint: loadError.hint ?? loadError.text });
        return false;
      }
      const done = await runner.run("Saving…", () => saveSettings(profile, formChanges(form), saved));
      if (!done) return false;
      const { saved: written, encryption: enc } = done;
      showSaved(written);
      runner.notify({ kind: "ok", text: `Saved to ${profile.location.dir}`, hint: enc.encrypted ? `encrypted: ${enc.reason}` : `not encrypted: ${enc.reason}` });
      return true;
    },
  };
}
