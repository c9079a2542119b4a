// "Register in Azure...": the Azure Portal part of the guide in one go (the dashboard's `ibi-entra register`).
// Asks first, shows the device code (y copies the URL with OSC 52) with its countdown, then each step as it
// reports, then the outcome. Esc cancels (aborts the run). The work itself is the model's `register`.
import { Box, Text } from "ink";
import { useEffect, useRef, useState } from "react";
import { ChoiceDialog } from "../components/ChoiceDialog.js";
import { Dialog } from "../components/Dialog.js";
import { MessageLine, type Message } from "../components/MessageLine.js";
import { Spinner } from "../components/Spinner.js";
import { useTheme } from "../components/Theme.js";
import { useKeyStream } from "../components/use-key-stream.js";
import type { DeviceCodePrompt, RegisterStep } from "../core/entra/register/types.js";
import type { RegisterOutcome, RegisterRun } from "../tui/state/use-dashboard.js";
import { clean } from "../present/text.js";
import { registerStepLine, timeLeft } from "../present/register.js";

export interface RegisterFlowProps {
  /** why it cannot start (see registerBlocker), or undefined */
  blocker: Message | undefined;
  register: (run: RegisterRun) => Promise<RegisterOutcome>;
  copy: (text: string, what: string) => void;
  onClose: () => void;
  width?: number;
  /** the clock for the countdown (tests) */
  now?: () => number;
}

const TITLE = "Register in Azure...";

type Phase = { kind: "confirm" } | { kind: "running" } | { kind: "done"; message: Message };

export function RegisterFlow({ blocker, register, copy, onClose, width, now = Date.now }: RegisterFlowProps) {
  const [phase, setPhase] = useState<Phase>({ kind: "confirm" });
  const [prompt, setPrompt] = useState<DeviceCodePrompt | undefined>(undefined);
  const [steps, setSteps] = useState<RegisterStep[]>([]);
  const controller = useRef<AbortController | undefined>(undefined);
  const live = useRef(true);

  // Closing the dialog any way (Esc, the dashboard quitting) cancels a registration still running.
  useEffect(
    () => () => {
      live.current = false;
      controller.current?.abort();
    },
    [],
  );

  const start = () => {
    const c = new AbortController();
    controller.current = c;
    setPhase({ kind: "running" });
    void register({
      signal: c.signal,
      onDeviceCode: (p) => live.current && setPrompt(p),
      onStep: (s) => {
        if (!live.current) return;
        setSteps((list) => {
          const i = list.findIndex((x) => x.id === s.id);
          return i < 0 ? [...list, s] : list.map((x, j) => (j === i ? s : x));
        });
      },
    }).then((outcome) => {
      if (!live.current) return;
      if (outcome.ok) setSteps(outcome.result.steps.filter((s) => s.status !== "pending"));
      setPhase({ kind: "done", message: outcome.message });
    });
  };

  if (blocker) return <Blocked message={blocker} width={width} onClose={onClose} />;
  if (phase.kind === "confirm")
    return (
      <ChoiceDialog
        title={TITLE}
        width={width}
        choices={[
          { key: "r", label: "Register", value: "register" },
          { key: "n", label: "Cancel", value: "cancel" },
        ]}
        onCancel={onClose}
        onChoose={(v) => (v === "register" ? start() : onClose())}
      >
        <Text>Does the Azure Portal part of the guide, signed in with a device code:</Text>
        <Text>{"  • register the app \"IBI-helpMe\" (single tenant), or complete the saved one"}</Text>
        <Text>{"  • upload the active certificate's public key (Certificates & secrets)"}</Text>
        <Text>{"  • add the permissions Device.Read.All, User.Read.All, GroupMember.Read.All"}</Text>
        <Text>{"  • grant admin consent, save the Tenant ID and Application ID, Test connection"}</Text>
        <Text>Sign in as a Global Administrator or a Privileged Role Administrator of the tenant.</Text>
      </ChoiceDialog>
    );
  return (
    <Progress
      width={width}
      prompt={phase.kind === "running" && !steps.some((s) => s.id === "sign-in" && s.status !== "running") ? prompt : undefined}
      steps={steps}
      done={phase.kind === "done" ? phase.message : undefined}
      now={now}
      onCopy={() => prompt && copy(prompt.verificationUri, "the sign-in URL")}
      onCancel={() => {
        controller.current?.abort();
        onClose();
      }}
      onClose={onClose}
    />
  );
}

function Blocked({ message, width, onClose }: { message: Message; width?: number; onClose: () => void }) {
  useKeyStream((k) => {
    if (k.name === "escape" || k.name === "enter" || k.name === "q") onClose();
  });
  return (
    <Dialog title={TITLE} footer="Enter or Esc close" width={width}>
      <MessageLine message={message} />
    </Dialog>
  );
}

interface ProgressProps {
  prompt: DeviceCodePrompt | undefined;
  steps: RegisterStep[];
  done: Message | undefined;
  now: () => number;
  onCopy: () => void;
  onCancel: () => void;
  onClose: () => void;
  width?: number;
}

function Progress({ prompt, steps, done, now, onCopy, onCancel, onClose, width }: ProgressProps) {
  const t = useTheme();
  const [clock, setClock] = useState(now);
  useEffect(() => {
    if (!prompt) return;
    const timer = setInterval(() => setClock(now()), 1000);
    return () => clearInterval(timer);
  }, [prompt, now]);
  useKeyStream((k) => {
    if (done) {
      if (k.name === "escape" || k.name === "enter" || k.name === "q") onClose();
      return;
    }
    if (k.name === "y" && !k.ctrl && !k.alt && prompt) return onCopy();
    if (k.name === "escape") onCancel();
  });
  const footer = done ? "Enter or Esc close" : prompt ? "y copy the URL (OSC 52) · Esc cancel" : "Esc cancel";
  return (
    <Dialog title={TITLE} footer={footer} width={width}>
      {prompt ? (
        <Box flexDirection="column" marginBottom={1}>
          <Text>
            {"Open "}
            <Text bold color={t.tone("accent")}>
              {clean(prompt.verificationUri, 200)}
            </Text>
            {" in a browser on any device and enter the code "}
            <Text bold inverse={t.color}>
              {clean(prompt.userCode, 40)}
            </Text>
          </Text>
          <Text>Sign in as a Global Administrator or a Privileged Role Administrator of the tenant.</Text>
          <Spinner label={`Waiting for the sign-in… the code expires in ${timeLeft(prompt.expiresAt, clock)}`} />
        </Box>
      ) : null}
      {steps.map((s) => {
        const line = registerStepLine(s, t.sym);
        return (
          // a failure's reason is shown in full; the other steps keep to one line each so that all fit 80x24
          <Text key={s.id} wrap={s.status === "failed" ? "wrap" : "truncate-end"}>
            <Text color={t.tone(line.tone)}>{line.mark}</Text>
            {` ${line.text}`}
          </Text>
        );
      })}
      {!done && !prompt && steps.length === 0 ? <Spinner label="Starting…" /> : null}
      {done ? (
        <Box marginTop={1}>
          <MessageLine message={done} />
        </Box>
      ) : null}
    </Dialog>
  );
}
