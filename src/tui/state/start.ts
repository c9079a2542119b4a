// Opening the profile for the dashboard. Screens never hold core's Profile: they get a ProfileHandle to pass to
// useDashboard, and read what they show (name, folder, hosts, encryption) from the model.
import { useEffect, useState } from "react";
import { Profile, type ProfileLocation } from "../../core/store/profile.js";
import type { Message } from "../../present/message.js";
import { toMessage } from "./to-message.js";
import { track, type Tracked } from "./tracked.js";
import type { Preload } from "./use-profile-data.js";
import type { PassphrasePurpose } from "./use-passphrase-prompt.js";

export type PassphraseRequest = (purpose: PassphrasePurpose) => Promise<string>;

declare const opaque: unique symbol;
/** An open profile as screens hold it: passed on to useDashboard, never looked into. */
export type ProfileHandle = { readonly [opaque]: "ProfileHandle" };

/** tui/state (and tests) only: a handle for an open profile */
export const handleOf = (profile: Profile): ProfileHandle => profile as unknown as ProfileHandle;
/** tui/state only: the profile behind a handle */
export const profileOf = (handle: ProfileHandle): Profile => handle as unknown as Profile;

/** Opens the profile at `location`; the vault's passphrase, when one is needed, is asked through `passphrase`. */
export function openProfile(location: ProfileLocation, env: NodeJS.ProcessEnv | undefined, passphrase: PassphraseRequest): Promise<Profile> {
  return Profile.open(location, { env, passphrase });
}

/** Opening the profile and reading its settings, started before the first render. */
export interface DashboardStart {
  profile: Tracked<Profile>;
  /** set as soon as the profile is open */
  preload?: Preload;
  /** settles when the settings are read, or when the vault asks for its passphrase (a dialog must be drawn) */
  ready: Promise<void>;
  /** sends the vault's passphrase requests to the dialog, holding them until it is mounted */
  attachPrompt(request: PassphraseRequest): void;
}

/**
 * Opens the profile and reads its settings (in the order the dashboard would) before anything is drawn: Ink
 * draws at most every 34 ms, so an "Opening the profile…" frame drawn first would hold the complete one back.
 */
export function startDashboard(location: ProfileLocation, env?: NodeJS.ProcessEnv): DashboardStart {
  let request: PassphraseRequest | undefined;
  const held: { purpose: PassphrasePurpose; resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  let asked!: () => void;
  const askedPromise = new Promise<void>((r) => (asked = r));
  const passphrase = (purpose: PassphrasePurpose): Promise<string> => {
    asked();
    return request ? request(purpose) : new Promise((resolve, reject) => held.push({ purpose, resolve, reject }));
  };
  const profile = track(openProfile(location, env, passphrase));
  const start: DashboardStart = {
    profile,
    ready: profile.promise.then(
      (p) => {
        const preload = { settings: track(p.readSettings()), store: track(p.storeChoice()) };
        start.preload = preload;
        return Promise.race([preload.settings.promise.then(noop, noop), askedPromise]);
      },
      noop,
    ),
    attachPrompt(r) {
      request = r;
      for (const h of held.splice(0)) r(h.purpose).then(h.resolve, h.reject);
    },
  };
  return start;
}

function noop(): void {}

export interface OpenProfileState {
  /** set once the profile is open */
  profile?: ProfileHandle;
  /** why it could not be opened */
  error?: Message;
}

/**
 * The profile at `location`, opened by `start` (drawn with it from the first frame when it is already open) or
 * here when there is no start; the vault's passphrase is asked through `passphrase` (the dialog).
 */
export function useOpenProfile(location: ProfileLocation, env: NodeJS.ProcessEnv | undefined, passphrase: PassphraseRequest, start?: DashboardStart): OpenProfileState {
  const [profile, setProfile] = useState<Profile | undefined>(() => (start?.profile.settled?.ok ? start.profile.settled.value : undefined));
  const [error, setError] = useState<Message | undefined>(() => (start?.profile.settled?.ok === false ? toMessage(start.profile.settled.error) : undefined));

  useEffect(() => {
    start?.attachPrompt(passphrase);
  }, [start, passphrase]);

  useEffect(() => {
    if (start?.profile.settled) return; // drawn with it from the first frame
    (start ? start.profile.promise : openProfile(location, env, passphrase)).then(setProfile, (e: unknown) => setError(toMessage(e)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [location]);

  return { profile: profile && handleOf(profile), error };
}
