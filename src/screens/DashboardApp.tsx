// The dashboard's root: opens the profile (asking for the vault passphrase in a dialog when needed), then
// shows the Azure Active Directory screen at the terminal's size.
import { Box, Text, useApp } from "ink";
import { useEffect, useRef, useState } from "react";
import { MessageLine } from "../components/MessageLine.js";
import { useKeyStream } from "../components/use-key-stream.js";
import type { ProfileLocation } from "../core/store/profile.js";
import { useOpenProfile, type DashboardStart, type ProfileHandle } from "../tui/state/start.js";
import { useDashboard, type DashboardOptions } from "../tui/state/use-dashboard.js";
import { usePassphrasePrompt, type PassphrasePrompt } from "../tui/state/use-passphrase-prompt.js";
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

export function DashboardApp({ location, env, options, onFirstFrame, size, showTime, start }: DashboardAppProps) {
  const { exit } = useApp();
  const prompt = usePassphrasePrompt();
  const { profile, error: openError } = useOpenProfile(location, env, prompt.request, start);
  const term = useTerminalSize();
  const { columns, rows } = size ?? term;
  // One row short of the terminal: a frame as tall as the screen makes Ink clear the whole terminal per frame.
  const height = Math.max(1, rows - 1);
  const firstFrame = useFirstFrame(onFirstFrame);

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
  useKeyStream(
    (k) => {
      if (k.name === "q" || k.name === "escape" || (k.ctrl && k.name === "c")) props.onQuit();
    },
    { isActive: props.prompt.pending === undefined },
  );
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
  profile: ProfileHandle;
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
    <PassphraseDialog purpose={prompt.pending} vaultPath={`${model.profileDir}/vault`} onSubmit={prompt.submit} onCancel={prompt.cancel} width={Math.min(props.width, 100)} />
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
