// "Test connection": the last check's result and the optional re-check every few seconds, which stops by itself
// once the check passes (or cannot pass until the profile is completed).
import { useCallback, useEffect, useRef, useState } from "react";
import type { CheckResult } from "../../core/entra/types.js";
import { isIbiError } from "../../core/errors.js";
import type { Profile } from "../../core/store/profile.js";
import type { Message } from "../../present/message.js";
import type { ActionRunner } from "./use-action-runner.js";
import { toMessage } from "./to-message.js";

/** Runs "Test connection" for a profile; the default is src/core/actions/test-connection.ts. */
export type ConnectionTester = (profile: Profile) => Promise<CheckResult>;

export interface CheckState {
  running: boolean;
  result?: CheckResult;
  error?: Message;
  finishedAt?: Date;
}

export interface ConnectionCheck {
  check: CheckState;
  autoRecheck: boolean;
  recheckSeconds: number;
  test(): Promise<void>;
  toggleAutoRecheck(): void;
  /** shows a check another action ran (register ends with one) */
  show(result: CheckResult): void;
  /** keeps checks from starting while another action needs the profile to itself (register); false when one runs */
  claim(): boolean;
  release(): void;
  isRunning(): boolean;
}

async function defaultTester(profile: Profile): Promise<CheckResult> {
  // Loaded on first use: the check pulls in msal and the Graph client, which the first frame does not need.
  const { testConnection } = await import("../../core/actions/test-connection.js");
  return testConnection(profile);
}

export function useConnectionCheck(profile: Profile, runner: ActionRunner, opts: { tester?: ConnectionTester; recheckSeconds?: number }): ConnectionCheck {
  const recheckSeconds = opts.recheckSeconds ?? 5;
  const tester = opts.tester ?? defaultTester;
  const [check, setCheck] = useState<CheckState>({ running: false });
  const [autoRecheck, setAutoRecheck] = useState(false);
  // A ref, not check.running: the timer and a key press within one render must not start two checks.
  const checkRunning = useRef(false);

  const testNow = useCallback(async () => {
    if (checkRunning.current) return;
    checkRunning.current = true;
    setCheck((c) => ({ ...c, running: true }));
    try {
      const result = await tester(profile);
      setCheck({ running: false, result, finishedAt: new Date() });
      if (result.ok) setAutoRecheck(false);
    } catch (e) {
      setCheck({ running: false, error: toMessage(e), finishedAt: new Date() });
      // An incomplete profile will not fix itself while re-checking.
      if (isIbiError(e) && e.code === "config_incomplete") setAutoRecheck(false);
    } finally {
      checkRunning.current = false;
    }
  }, [profile, tester]);

  useEffect(() => {
    if (!autoRecheck) return;
    const timer = setInterval(() => void testNow(), recheckSeconds * 1000);
    return () => clearInterval(timer);
  }, [autoRecheck, recheckSeconds, testNow]);

  return {
    check,
    autoRecheck,
    recheckSeconds,
    test: async () => {
      runner.notify(undefined);
      await testNow();
    },
    toggleAutoRecheck: () => {
      const on = !autoRecheck;
      setAutoRecheck(on);
      if (on) void testNow();
    },
    show: (result) => setCheck({ running: false, result, finishedAt: new Date() }),
    claim: () => {
      if (checkRunning.current) return false;
      checkRunning.current = true;
      return true;
    },
    release: () => {
      checkRunning.current = false;
    },
    isRunning: () => checkRunning.current,
  };
}
