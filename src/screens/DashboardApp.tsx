// The dashboard's root: opens the profile (asking for the vault passphrase in a dialog when needed), then
// shows the Azure Active Directory screen at the terminal's size.
import { Box, Text, useApp, useInput } from "ink";
import { useEffect, useRef, useState } from "react";
import { MessageLine } from "../components/MessageLine.js";
import { Profile, type ProfileLocation } from "../core/profile.js";
import { toMessage, useDashboard, type DashboardOptions } from "../hooks/use-dashboard.js";
import { usePassphrasePrompt, type PassphrasePrompt } from "../hooks/use-passphrase-prompt.js";
import { useTerminalSize } from "../hooks/use-terminal-size.js";
import type { Message } from "../components/MessageLine.js";
import { DashboardScreen } from "./DashboardScreen.js";
import { PassphraseDialog } from "./PassphraseDialog.js";

export interface DashboardAppProps {
  location: ProfileLocation;
  env?: NodeJS.ProcessEnv;
  options?: DashboardOptions;
  /** called once, when the first complete frame (settings read, or a dialog waiting for the admin) is drawn */
  onFirstFrame?: () => void;
  /** fixed size instead of the terminal's (tests) */
  size?: { columns: number; rows: number };
  showTime?: boolean;
}

export function DashboardApp({ location, env, options, onFirstFrame, size, showTime }: DashboardAppProps) {
  const { exit } = useApp();
  const prompt = usePassphrasePrompt();
  const [profile, setProfile] = useState<Profile | undefined>(undefined);
  const [openError, setOpenError] = useState<Message | undefined>(undefined);
  const term = useTerminalSize();
  const { columns, rows } = size ?? term;
  // One row short of the terminal: a frame as tall as the screen makes Ink clear the whole terminal per frame.
  const height = Math.max(10, rows - 1);
  const firstFrame = useFirstFrame(onFirstFrame);

  useEffect(() => {
    Profile.open(location, { env, passphrase: prompt.request }).then(setProfile, (e: unknown) => setOpenError(toMessage(e)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [location]);

  useEffect(() => {
    if (openError || prompt.pending) firstFrame();
  }, [openError, prompt.pending, firstFrame]);

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
  return <ProfileDashboard profile={profile} options={options} width={columns} height={height} prompt={prompt} onQuit={() => exit()} onLoaded={firstFrame} showTime={showTime} />;
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
  onLoaded: () => void;
  showTime?: boolean;
}) {
  const model = useDashboard(props.profile, { ...props.options, passphraseCancelled: props.prompt.wasCancelled });
  const { prompt, onLoaded } = props;
  useEffect(() => {
    if (model.loaded || prompt.pending) onLoaded();
  }, [model.loaded, prompt.pending, onLoaded]);
  const modal = prompt.pending ? (
    <PassphraseDialog purpose={prompt.pending} vaultPath={`${props.profile.location.dir}/vault`} onSubmit={prompt.submit} onCancel={prompt.cancel} width={Math.min(props.width, 100)} />
  ) : undefined;
  return <DashboardScreen model={model} width={props.width} height={props.height} onQuit={props.onQuit} modal={modal} showTime={props.showTime} />;
}

/** Calls `cb` once, after the frame of the render that asked for it has been written. */
function useFirstFrame(cb: (() => void) | undefined): () => void {
  const done = useRef(false);
  const ref = useRef(cb);
  ref.current = cb;
  const [trigger] = useState(() => () => {
    if (done.current) return;
    done.current = true;
    setImmediate(() => ref.current?.());
  });
  return trigger;
}
