// Bridges Profile's `passphrase` callback (a Promise) to a dialog: the callback opens the dialog and resolves
// when the admin presses Enter, or rejects (nothing changed) on Esc.
import { useCallback, useRef, useState } from "react";
import { IbiError } from "../../core/errors.js";
import type { DashboardErrorCode } from "./errors.js";

export type PassphrasePurpose = "unlock" | "create";

export interface PassphrasePrompt {
  /** what the dialog asks for, while one is open */
  pending: PassphrasePurpose | undefined;
  /** give to Profile.open({ passphrase }) */
  request: (purpose: PassphrasePurpose) => Promise<string>;
  submit: (passphrase: string) => void;
  cancel: () => void;
  /** whether the last request was cancelled (the core may report that as a different failure) */
  wasCancelled: () => boolean;
}

export function usePassphrasePrompt(): PassphrasePrompt {
  const [pending, setPending] = useState<PassphrasePurpose | undefined>(undefined);
  const cancelled = useRef(false);
  const waiter = useRef<{ resolve: (v: string) => void; reject: (e: unknown) => void } | undefined>(undefined);
  const request = useCallback((purpose: PassphrasePurpose) => {
    waiter.current?.reject(new IbiError<DashboardErrorCode>("passphrase_cancelled", "vault passphrase not entered"));
    cancelled.current = false;
    return new Promise<string>((resolve, reject) => {
      waiter.current = { resolve, reject };
      setPending(purpose);
    });
  }, []);
  const submit = useCallback((passphrase: string) => {
    const w = waiter.current;
    waiter.current = undefined;
    setPending(undefined);
    w?.resolve(passphrase);
  }, []);
  const cancel = useCallback(() => {
    const w = waiter.current;
    waiter.current = undefined;
    cancelled.current = true;
    setPending(undefined);
    w?.reject(
      new IbiError<DashboardErrorCode>("passphrase_cancelled", "vault passphrase not entered: nothing was changed", {
        hint: "the vault keeps private keys when no desktop keychain is available; its passphrase is needed to use them",
      }),
    );
  }, []);
  const wasCancelled = useCallback(() => cancelled.current, []);
  return { pending, request, submit, cancel, wasCancelled };
}
