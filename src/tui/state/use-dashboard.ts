// The dashboard's state and actions, composed from one hook per concern: the settings and the form
// (use-profile-data), the certificates (use-certificates), "Test connection" (use-connection-check) and
// "Register in Azure..." (use-registration), sharing the one-action-at-a-time slot and the message line
// (use-action-runner). Every action is a call into src/core/actions, the functions the CLI calls.
import { useCallback } from "react";
import { IbiError } from "../../core/errors.js";
import type { Message } from "../../present/message.js";
import { osc52 } from "../../present/text.js";
import { keyFor } from "./keymap.js";
import { profileOf, type ProfileHandle } from "./start.js";
import type { Preload, ProfileData } from "./use-profile-data.js";
import { useActionRunner } from "./use-action-runner.js";
import { useCertificates, type Certificates } from "./use-certificates.js";
import { useConnectionCheck, type CheckState, type ConnectionTester } from "./use-connection-check.js";
import { useProfileData } from "./use-profile-data.js";
import { useRegistration, type Registrar, type Registration } from "./use-registration.js";

export type { StoreInfo } from "./use-profile-data.js";
export type { CheckState, ConnectionTester } from "./use-connection-check.js";
export type { RegisterOutcome, RegisterRun, Registrar } from "./use-registration.js";
export { toMessage } from "./to-message.js";
export { track, type Tracked } from "./tracked.js";

export interface DemoActions {
  /** uploads the active certificate to the simulated app registration */
  upload(certPem: string): Promise<string>;
  /** grants admin consent for the required permissions in the simulated tenant */
  grantConsent(): Promise<string>;
}

/**
 * The terminal's normal screen, for text the admin must select or copy whole (a PEM): the dashboard leaves the
 * alternate screen, prints the text (the terminal's own selection and scrollback work on it, also over SSH) and
 * draws nothing until back() returns to the alternate screen and redraws.
 */
export interface NormalScreen {
  print(text: string): void;
  /** back to the dashboard; does nothing when it is already shown */
  back(): void;
}

export interface DashboardOptions {
  /** writes raw bytes to the terminal (OSC 52) */
  writeRaw?: (data: string) => void;
  /** leaving the alternate screen to print text (run.tsx); without it the text is shown in the dashboard */
  normalScreen?: NormalScreen;
  testConnection?: ConnectionTester;
  register?: Registrar;
  demo?: DemoActions;
  recheckSeconds?: number;
  /** true when the admin closed the vault passphrase dialog (explains a failure to read the settings) */
  passphraseCancelled?: () => boolean;
  /** the settings and the secret store choice, read since before the first render (see startDashboard) */
  preload?: Preload;
}

/** What the screens read and call. */
export interface DashboardModel extends Omit<ProfileData, "showSaved">, Certificates, Registration {
  demo: boolean;
  /** see NormalScreen; undefined when the dashboard does not own a terminal (tests) */
  normalScreen?: NormalScreen;
  busy?: string;
  message?: Message;
  check: CheckState;
  autoRecheck: boolean;
  recheckSeconds: number;

  notify(message: Message | undefined): void;
  copy(text: string, what: string): void;
  test(): Promise<void>;
  toggleAutoRecheck(): void;
  demoUpload(): Promise<void>;
  demoGrantConsent(): Promise<void>;
}

export function useDashboard(handle: ProfileHandle, opts: DashboardOptions = {}): DashboardModel {
  const profile = profileOf(handle);
  const runner = useActionRunner();
  const data = useProfileData(profile, runner, { preload: opts.preload, passphraseCancelled: opts.passphraseCancelled });
  const certs = useCertificates(profile, runner);
  const connection = useConnectionCheck(profile, runner, { tester: opts.testConnection, recheckSeconds: opts.recheckSeconds });
  const registration = useRegistration(profile, runner, connection, { ...data, certificates: certs.certificates }, opts.register);
  const { notify, run } = runner;

  const copy = useCallback(
    (text: string, what: string) => {
      if (!opts.writeRaw) return notify({ kind: "warn", text: `cannot copy ${what}: no terminal to send it to` });
      opts.writeRaw(osc52(text));
      notify({
        kind: "ok",
        text: `sent ${what} to your terminal's clipboard (OSC 52)`,
        hint: "if nothing was copied, your terminal (or tmux: set -g set-clipboard on) does not allow OSC 52; select the text instead",
      });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- writeRaw does not depend on `this`
    [opts.writeRaw],
  );

  return {
    profileName: data.profileName,
    profileDir: data.profileDir,
    demo: opts.demo !== undefined,
    normalScreen: opts.normalScreen,
    loaded: data.loaded,
    loadError: data.loadError,
    saved: data.saved,
    form: data.form,
    errors: data.errors,
    dirty: data.dirty,
    store: data.store,
    authorityHost: data.authorityHost,
    encryptionText: data.encryptionText,
    setField: data.setField,
    setCloud: data.setCloud,
    save: data.save,

    certificates: certs.certificates,
    selected: certs.selected,
    selectedCertificate: certs.selectedCertificate,
    select: certs.select,
    generate: certs.generate,
    activate: certs.activate,
    remove: certs.remove,
    publicPem: certs.publicPem,
    pathState: certs.pathState,
    exportPublic: certs.exportPublic,
    exportPfx: certs.exportPfx,
    importNeedsPassword: certs.importNeedsPassword,
    importFile: certs.importFile,

    check: connection.check,
    autoRecheck: connection.autoRecheck,
    recheckSeconds: connection.recheckSeconds,
    test: connection.test,
    toggleAutoRecheck: connection.toggleAutoRecheck,

    registerBlocker: registration.registerBlocker,
    register: registration.register,

    busy: runner.busy,
    message: runner.message,
    notify,
    copy,

    demoUpload: async () => {
      const demo = opts.demo;
      if (!demo) return;
      const text = await run("Uploading to the simulated app…", async () => {
        const active = profile.activeCertificate();
        if (!active) throw new IbiError("no_certificate", "no active certificate to upload", { hint: `press ${keyFor("generate")} to Generate one` });
        return demo.upload(profile.exportPublicCertificate(active.thumbprintSha256, "pem").toString("utf8"));
      });
      if (text) notify({ kind: "ok", text });
    },

    demoGrantConsent: async () => {
      const demo = opts.demo;
      if (!demo) return;
      const text = await run("Granting consent in the simulated tenant…", () => demo.grantConsent());
      if (text) notify({ kind: "ok", text });
    },
  };
}
