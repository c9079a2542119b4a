// The dashboard's root: opens the profile (asking for the vault passphrase in a dialog when needed), then
// shows the Azure Active Directory screen at the terminal's size.
import { Box, Text, useApp, useInput } from "ink";
import { useEffect, useRef, useState } from "react";
import { MessageLine } from "../components/MessageLine.js";
import { Profile, type ProfileLocation, type Settings } from "../core/store/profile.js";
import type { StoreChoice } from "../core/store/secret-store/types.js";
import { toMessage, track, useDashboard, type DashboardOptions, type Tracked } from "../tui/state/use-dashboard.js";
import { usePassphrasePrompt, type PassphrasePrompt, type PassphrasePurpose } from "../tui/state/use-passphrase-prompt.js";
import { useTerminalSize } from "../tui/state/use-terminal-size.js";
import { useLatest } from "../tui/state/use-latest.js";
import type { Message } from "../present/message.js";
import { DashboardScreen } from "./DashboardScreen.js";
import { PassphraseDialog } from "./PassphraseDialog.js";

export interface DashboardAppProps {
  location: ProfileLocation;
  env?: NodeJS.ProcessEnv;
  options?: DashboardOptions;
  /**
   * called once, after the first complete frame (settings read, or a dialog waiting for the admin) was committed,
   * with the time (performance.now()) of the render that produced it: the first draw after that time shows it
   */
  onFirstFrame?: (renderedAt: number) => void;
  /** fixed size instead of the terminal's (tests) */
  size?: { columns: number; rows: number };
  showTime?: boolean;
  /** the profile being opened (and its settings read) since before the first render: see startDashboard */
  start?: DashboardStart;
}

/** Opening the profile and reading its settings, started before the first render. */
export interface DashboardStart {
  profile: Tracked<Profile>;
  /** set as soon as the profile is open */
  preload?: { settings: Tracked<Settings>; store: Tracked<StoreChoice> };
  /** settles when the settings are read, or when the vault asks for its passphrase (a dialog must be drawn) */
  ready: Promise<void>;
  /** sends the vault's passphrase requests to the dialog, holding them until it is mounted */
  attachPrompt(request: (purpose: PassphrasePurpose) => Promise<string>): void;
}

/**
 * Opens the profile and reads its settings (in the order the dashboard would) before anything is drawn: Ink
 * draws at most every 34 ms, so an "Opening the profile…" frame drawn first would hold the complete one back.
 */
export function startDashboard(location: ProfileLocation, env?: NodeJS.ProcessEnv): DashboardStart {
  let request: ((purpose: PassphrasePurpose) => Promise<string>) | undefined;
  const held: { purpose: PassphrasePurpose; resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  let asked!: () => void;
  const askedPromise = new Promise<void>((r) => (asked = r));
  const passphrase = (purpose: PassphrasePurpose): Promise<string> => {
    asked();
    return request ? request(purpose) : new Promise((resolve, reject) => held.push({ purpose, resolve, reject }));
  };
  const profile = track(Profile.open(location, { env, passphrase }));
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

export function DashboardApp({ location, env, options, onFirstFrame, size, showTime, start }: DashboardAppProps) {
  const { exit } = useApp();
  const prompt = usePassphrasePrompt();
  const [profile, setProfile] = useState<Profile | undefined>(() => (start?.profile.settled?.ok ? start.profile.settled.value : undefined));
  const [openError, setOpenError] = useState<Message | undefined>(() => (start?.profile.settled?.ok === false ? toMessage(start.profile.settled.error) : undefined));
  const term = useTerminalSize();
  const { columns, rows } = size ?? term;
  // One row short of the terminal: a frame as tall as the screen makes Ink clear the whole terminal per frame.
  const height = Math.max(10, rows - 1);
  const firstFrame = useFirstFrame(onFirstFrame);

  useEffect(() => {
    start?.attachPrompt(prompt.request);
  }, [start, prompt.request]);

  useEffect(() => {
    if (start?.profile.settled) return; // drawn with it from the first frame
    (start ? start.profile.promise : Profile.open(location, { env, passphrase: prompt.request })).then(setProfile, (e: unknown) => setOpenError(toMessage(e)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [location]);

  const openingComplete = useCompletedAt(!profile && (openError !== undefined || prompt.pending !== undefined));
  useEffect(() => {
    if (openingComplete !== undefined) firstFrame(openingComplete);
  }, [openingComplete, firstFrame]);

  if (!profile)
    return (
      <OpeningScreen
        width={columns}
        height={height}
        error={openError}
        prompt={prompt}
        vaultPath={`${location.dir}/vault`}
        onQuit={() => exit()}
      />
    );
  return <ProfileDashboard profile={profile} options={start?.preload ? { ...options, preload: start.preload } : options} width={columns} height={height} prompt={prompt} onQuit={() => exit()} onLoaded={firstFrame} showTime={showTime} />;
}

function OpeningScreen(props: { width: number; height: number; error?: Message; prompt: PassphrasePrompt; vaultPath: string; onQuit: () => void }) {
  useInput((input, key) => {
    if (input === "q" || key.escape || (key.ctrl && input === "c")) props.onQuit();
  }, { isActive: props.prompt.pending === undefined });
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Text bold>ibi-entra · Azure Active Directory</Text>
      {props.prompt.pending ? (
        <PassphraseDialog purpose={props.prompt.pending} vaultPath={props.vaultPath} onSubmit={props.prompt.submit} onCancel={props.prompt.cancel} />
      ) : props.error ? (
        <>
          <MessageLine message={props.error} />
          <Text>Press q to quit.</Text>
        </>
      ) : (
        <Text>Opening the profile…</Text>
      )}
    </Box>
  );
}

function ProfileDashboard(props: {
  profile: Profile;
  options?: DashboardOptions;
  width: number;
  height: number;
  prompt: PassphrasePrompt;
  onQuit: () => void;
  onLoaded: (renderedAt: number) => void;
  showTime?: boolean;
}) {
  const model = useDashboard(props.profile, { ...props.options, passphraseCancelled: props.prompt.wasCancelled });
  const { prompt, onLoaded } = props;
  const completeAt = useCompletedAt(model.loaded || prompt.pending !== undefined);
  useEffect(() => {
    if (completeAt !== undefined) onLoaded(completeAt);
  }, [completeAt, onLoaded]);
  const modal = prompt.pending ? (
    <PassphraseDialog purpose={prompt.pending} vaultPath={`${props.profile.location.dir}/vault`} onSubmit={prompt.submit} onCancel={prompt.cancel} width={Math.min(props.width, 100)} />
  ) : undefined;
  return <DashboardScreen model={model} width={props.width} height={props.height} onQuit={props.onQuit} modal={modal} showTime={props.showTime} />;
}

/** Calls `cb` once, after the commit of the render that asked for it. */
function useFirstFrame(cb: ((renderedAt: number) => void) | undefined): (renderedAt: number) => void {
  const done = useRef(false);
  const ref = useLatest(cb);
  const [trigger] = useState(() => (renderedAt: number) => {
    if (done.current) return;
    done.current = true;
    setImmediate(() => ref.current?.(renderedAt));
  });
  return trigger;
}

/** The time of the first render in which `complete` was true (undefined until then). */
function useCompletedAt(complete: boolean): number | undefined {
  const at = useRef<number | undefined>(undefined);
  // Start-up timing: the clock is read in render on purpose, once, and kept across renders.
  // eslint-disable-next-line react-hooks/refs, react-hooks/purity
  if (complete && at.current === undefined) at.current = performance.now();
  // eslint-disable-next-line react-hooks/refs
  return at.current;
}
