// The dashboard runs one action at a time: this hook holds that slot (with the spinner's label) and the message
// line the actions report to.
import { useCallback, useRef, useState } from "react";
import type { Message } from "../../present/message.js";
import { toMessage } from "./to-message.js";

export interface ActionRunner {
  /** the running action's spinner label */
  busy?: string;
  message?: Message;
  notify(message: Message | undefined): void;
  /** runs `fn` unless another action is running (then undefined); a failure becomes the message line */
  run<T>(label: string, fn: () => Promise<T>): Promise<T | undefined>;
  /** takes the slot for an action that reports by itself (register); false when another action holds it */
  claim(label: string): boolean;
  release(): void;
  isFree(): boolean;
}

export function useActionRunner(): ActionRunner {
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<Message | undefined>(undefined);
  // A ref, not the state: two keys pressed within one render must not both start an action.
  const busyRef = useRef(false);
  const running = useRef("");

  const claim = useCallback((label: string) => {
    if (busyRef.current) {
      // Keys are not queued behind an action: say so next to the spinner, so the key is not lost silently.
      setBusy(`${running.current} · ${refusedText(label)}`);
      return false;
    }
    busyRef.current = true;
    running.current = label;
    setBusy(label);
    return true;
  }, []);
  const release = useCallback(() => {
    busyRef.current = false;
    setBusy(undefined);
  }, []);
  const run = useCallback(
    async <T,>(label: string, fn: () => Promise<T>): Promise<T | undefined> => {
      if (!claim(label)) return undefined;
      try {
        return await fn();
      } catch (e) {
        setMessage(toMessage(e));
        return undefined;
      } finally {
        release();
      }
    },
    [claim, release],
  );

  return { busy, message, notify: setMessage, run, claim, release, isFree: () => !busyRef.current };
}

/** What the spinner line adds when an action key comes while another action runs (see the help). */
export function refusedText(label: string): string {
  return `not started: ${label.replace(/…$/, "")} (one action at a time; press the key again)`;
}
