// The dashboard's state and actions. Every action is a call into src/core/actions (the functions the CLI calls);
// this hook only keeps what the screen shows: the form, the certificate list, the last check, messages.
import { resolve } from "node:path";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { activateCertificate, deleteCertificate, generateCertificate } from "../../core/actions/certificates.js";
import { exportPfx } from "../../core/actions/export-pfx.js";
import { exportPublic } from "../../core/actions/export-public.js";
import { pathState, type PathState } from "../../core/actions/files.js";
import { importCertificate, importPasswordKind, type PasswordKind } from "../../core/actions/import.js";
import { register as registerAction } from "../../core/actions/register.js";
import { saveSettings } from "../../core/actions/settings.js";
import type { CheckResult } from "../../core/entra/types.js";
import { isIbiError, IbiError } from "../../core/errors.js";
import type { CertificateView, Profile, Settings } from "../../core/store/profile.js";
import type { DeviceCodePrompt, RegisterOptions, RegisterResult, RegisterStep } from "../../core/entra/register/index.js";
import type { StoreChoice } from "../../core/store/secret-store/types.js";
import type { Cloud } from "../../core/validate.js";
import type { Message } from "../../present/message.js";
import { clean, osc52 } from "../../present/text.js";
import { formChanges, formErrors, formFromSettings, isDirty, registerBlocker, type FormValues } from "./view-model.js";
import { registerOutcome } from "../../present/register.js";
import { dashboardHint, dashboardStep } from "./next-steps.js";

export type StoreInfo = { kind: "keychain" | "file"; reason: string };

/** Runs "Test connection" for a profile; the default is src/core/actions/test-connection.ts. */
export type ConnectionTester = (profile: Profile) => Promise<CheckResult>;

/** Runs "Register in Azure..." for a profile; the default is src/core/actions/register.ts. */
export type Registrar = (profile: Profile, opts: RegisterOptions) => Promise<RegisterResult>;

/** What the register flow listens to while a registration runs. */
export interface RegisterRun {
  onDeviceCode: (prompt: DeviceCodePrompt) => void;
  onStep: (step: RegisterStep) => void;
  /** abort = cancel */
  signal: AbortSignal;
}

/** A finished registration, or the reason it did not start (bad input, another action running). */
export type RegisterOutcome = { ok: true; result: RegisterResult; message: Message } | { ok: false; message: Message };

export interface DemoActions {
  /** uploads the active certificate to the simulated app registration */
  upload(certPem: string): Promise<string>;
  /** grants admin consent for the required permissions in the simulated tenant */
  grantConsent(): Promise<string>;
}

export interface DashboardOptions {
  /** writes raw bytes to the terminal (OSC 52) */
  writeRaw?: (data: string) => void;
  testConnection?: ConnectionTester;
  register?: Registrar;
  demo?: DemoActions;
  recheckSeconds?: number;
  /** true when the admin closed the vault passphrase dialog (explains a failure to read the settings) */
  passphraseCancelled?: () => boolean;
  /** the settings and the secret store choice, read since before the first render (see startDashboard) */
  preload?: { settings: Tracked<Settings>; store: Tracked<StoreChoice> };
}

/** A promise whose outcome can also be read synchronously once it is settled (to render with it at once). */
export interface Tracked<T> {
  promise: Promise<T>;
  settled?: { ok: true; value: T } | { ok: false; error: unknown };
}

export function track<T>(promise: Promise<T>): Tracked<T> {
  const t: Tracked<T> = { promise };
  promise.then(
    (value) => void (t.settled = { ok: true, value }),
    (error: unknown) => void (t.settled = { ok: false, error }),
  );
  return t;
}

export interface CheckState {
  running: boolean;
  result?: CheckResult;
  error?: Message;
  finishedAt?: Date;
}

export interface DashboardModel {
  profile: Profile;
  demo: boolean;
  /** settings were read (or failed to read: see loadError) */
  loaded: boolean;
  loadError?: Message;
  saved: Settings;
  form: FormValues;
  errors: { tenantId?: string; applicationId?: string };
  dirty: boolean;
  certificates: CertificateView[];
  selected: number;
  selectedCertificate: CertificateView | undefined;
  store?: StoreInfo;
  busy?: string;
  message?: Message;
  check: CheckState;
  autoRecheck: boolean;
  recheckSeconds: number;

  setField(field: "tenantId" | "applicationId", value: string): void;
  setCloud(cloud: Cloud): void;
  select(delta: number): void;
  notify(message: Message | undefined): void;
  generate(): Promise<void>;
  activate(): Promise<void>;
  remove(): Promise<void>;
  publicPem(): string | undefined;
  /** what is at `path` (the export flows ask before overwriting), with the path made absolute */
  pathState(path: string): Promise<{ file: string; state: PathState }>;
  exportPublic(path: string, overwrite: boolean): Promise<boolean>;
  exportPfx(path: string, password: string): Promise<boolean>;
  /** which password importing the file needs (the import action's detection), or undefined for none */
  importNeedsPassword(path: string): Promise<PasswordKind | undefined>;
  importFile(path: string, password: string | undefined): Promise<boolean>;
  copy(text: string, what: string): void;
  test(): Promise<void>;
  toggleAutoRecheck(): void;
  save(): Promise<boolean>;
  /** why "Register in Azure..." cannot start (no active certificate, no saved Tenant ID…), or undefined */
  registerBlocker(): Message | undefined;
  /** registers the app in the saved tenant; on success the saved IDs are reloaded and the check is shown */
  register(run: RegisterRun): Promise<RegisterOutcome>;
  demoUpload(): Promise<void>;
  demoGrantConsent(): Promise<void>;
}

export function toMessage(e: unknown): Message {
  if (isIbiError(e)) {
    const hint = dashboardHint(e.hint, e.next);
    return { kind: "error", text: clean(e.message, 500), hint: hint ? clean(hint, 500) : undefined };
  }
  const text = e instanceof Error ? e.message : String(e);
  return { kind: "error", text: `internal error: ${clean(text, 300)}`, hint: "this is a bug in ibi-entra; please report it" };
}

function defaultRegistrar(profile: Profile, opts: RegisterOptions): Promise<RegisterResult> {
  return registerAction(profile, opts);
}

async function defaultTester(profile: Profile): Promise<CheckResult> {
  // Loaded on first use: the check pulls in msal and the Graph client, which the first frame does not need.
  const { testConnection } = await import("../../core/actions/test-connection.js");
  return testConnection(profile);
}

function storeInfo(c: StoreChoice): StoreInfo {
  return { kind: c.kind, reason: clean(c.reason, 200) };
}

export function useDashboard(profile: Profile, opts: DashboardOptions = {}): DashboardModel {
  const recheckSeconds = opts.recheckSeconds ?? 5;
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
          hint: "quit (q) and start again to unlock the vault; Save is disabled so that nothing is overwritten",
        }
      : toMessage(e);
  const [loaded, setLoaded] = useState(preload?.read !== undefined);
  const [loadError, setLoadError] = useState<Message | undefined>(() => (preload?.read?.ok === false ? settingsError(preload.read.error) : undefined));
  const [saved, setSaved] = useState<Settings>(() => (preload?.read?.ok ? preload.read.value : { cloud: "global" }));
  const [form, setForm] = useState<FormValues>(() => (preload?.read?.ok ? formFromSettings(preload.read.value) : { tenantId: "", applicationId: "", cloud: "global" }));
  const [certificates, setCertificates] = useState<CertificateView[]>(() => profile.listCertificates());
  const [selected, setSelected] = useState(() => Math.max(0, profile.listCertificates().findIndex((c) => c.active)));
  const [store, setStore] = useState<StoreInfo | undefined>(() => (preload?.storeRead?.ok ? storeInfo(preload.storeRead.value) : undefined));
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<Message | undefined>(undefined);
  const [check, setCheck] = useState<CheckState>({ running: false });
  const [autoRecheck, setAutoRecheck] = useState(false);
  const busyRef = useRef(false);
  const checkRunning = useRef(false);
  const tester = opts.testConnection ?? defaultTester;
  const registrar = opts.register ?? defaultRegistrar;

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

  const refresh = useCallback(
    (selectThumbprint?: string) => {
      const list = profile.listCertificates();
      setCertificates(list);
      setSelected((old) => {
        const i = selectThumbprint ? list.findIndex((c) => c.thumbprintSha256 === selectThumbprint) : -1;
        if (i >= 0) return i;
        return Math.min(old, Math.max(0, list.length - 1));
      });
    },
    [profile],
  );

  /** Runs one action at a time, with a spinner label, turning errors into the message line. */
  const run = useCallback(async <T,>(label: string, fn: () => Promise<T>): Promise<T | undefined> => {
    if (busyRef.current) return undefined;
    busyRef.current = true;
    setBusy(label);
    try {
      return await fn();
    } catch (e) {
      setMessage(toMessage(e));
      return undefined;
    } finally {
      busyRef.current = false;
      setBusy(undefined);
    }
  }, []);

  const selectedCertificate = certificates[selected];
  const requireSelected = (): CertificateView => {
    if (!selectedCertificate)
      throw new IbiError("no_certificate", "no certificate selected", { hint: "press g to Generate one, or i to Import a PFX" });
    return selectedCertificate;
  };

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

  const copy = useCallback(
    (text: string, what: string) => {
      if (!opts.writeRaw) return setMessage({ kind: "warn", text: `cannot copy ${what}: no terminal to send it to` });
      opts.writeRaw(osc52(text));
      setMessage({
        kind: "ok",
        text: `sent ${what} to your terminal's clipboard (OSC 52)`,
        hint: "if nothing was copied, your terminal (or tmux: set -g set-clipboard on) does not allow OSC 52; select the text instead",
      });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- writeRaw does not depend on `this`
    [opts.writeRaw],
  );

  const errors = useMemo(() => formErrors(form), [form]);
  const dirty = loaded && !loadError && isDirty(saved, form);

  return {
    profile,
    demo: opts.demo !== undefined,
    loaded,
    loadError,
    saved,
    form,
    errors,
    dirty,
    certificates,
    selected,
    selectedCertificate,
    store,
    busy,
    message,
    check,
    autoRecheck,
    recheckSeconds,

    setField: (field, value) => setForm((f) => ({ ...f, [field]: value })),
    setCloud: (cloud) => setForm((f) => ({ ...f, cloud })),
    select: (delta) => setSelected((i) => Math.min(Math.max(0, i + delta), Math.max(0, certificates.length - 1))),
    notify: setMessage,

    generate: async () => {
      const created = await run("Generating a certificate (RSA 2048)…", () => generateCertificate(profile));
      if (!created) return;
      refresh(created.thumbprintSha256);
      setMessage({
        kind: "ok",
        text: `Generated ${created.thumbprintSha1}${created.active ? " (active)" : " (not active yet: press a to activate it)"}`,
        hint: "next: Export (Public Key Only)... (e) and upload it in the Azure Portal, Certificates & secrets",
      });
    },

    activate: async () => {
      const c = await run("Activating…", async () => {
        return activateCertificate(profile, requireSelected().thumbprintSha256);
      });
      if (!c) return;
      refresh(c.thumbprintSha256);
      setMessage({ kind: "ok", text: `Certificate ${c.thumbprintSha1} is active` });
    },

    remove: async () => {
      const c = await run("Deleting…", async () => {
        const target = requireSelected();
        return (await deleteCertificate(profile, target.thumbprintSha256, { force: target.active })).deleted;
      });
      if (!c) return;
      refresh();
      setMessage({ kind: "ok", text: `Deleted certificate ${c.thumbprintSha1} and its private key` });
    },

    publicPem: () => {
      try {
        return profile.exportPublicCertificate(requireSelected().thumbprintSha256, "pem").toString("utf8");
      } catch (e) {
        setMessage(toMessage(e));
        return undefined;
      }
    },

    pathState: async (path) => {
      const file = resolve(path);
      return { file, state: await pathState(file) };
    },

    exportPublic: async (path, overwrite) => {
      const done = await run("Exporting…", () => exportPublic(profile, requireSelected().thumbprintSha256, { out: path, overwrite }));
      if (!done?.file) return false;
      setMessage({
        kind: "ok",
        text: `Wrote ${done.file} (${done.format.toUpperCase()}, public key only)`,
        hint: `upload it in the Azure Portal: App registrations > your app > Certificates & secrets > Upload certificate (thumbprint ${done.certificate.thumbprintSha1})`,
      });
      return true;
    },

    exportPfx: async (path, password) => {
      const done = await run("Exporting the PFX…", () =>
        exportPfx(profile, requireSelected().thumbprintSha256, { out: path, overwrite: true, password: async () => password }),
      );
      if (!done) return false;
      setMessage({ kind: "ok", text: `Wrote ${done.file} (PFX with the private key: keep it safe)`, hint: "import it on another host with: ibi-entra cert import FILE" });
      return true;
    },

    // An unreadable file needs no password: the import itself then reports why it cannot be read.
    importNeedsPassword: (path) => importPasswordKind(path).catch(() => undefined),

    importFile: async (path, password) => {
      const added = await run("Importing…", () => importCertificate(profile, path, { askPassword: async () => password }));
      if (!added) return false;
      refresh(added.thumbprintSha256);
      setMessage({ kind: "ok", text: `Imported ${added.thumbprintSha1}${added.active ? " (active)" : " (press a to activate it)"}` });
      return true;
    },

    copy,

    test: async () => {
      setMessage(undefined);
      await testNow();
    },

    toggleAutoRecheck: () => {
      const on = !autoRecheck;
      setAutoRecheck(on);
      if (on) void testNow();
    },

    save: async () => {
      if (loadError) {
        setMessage({ kind: "error", text: "the saved settings could not be read, so they are not overwritten", hint: loadError.hint ?? loadError.text });
        return false;
      }
      const done = await run("Saving…", () => saveSettings(profile, formChanges(form), saved));
      if (!done) return false;
      const { saved: written, encryption: enc } = done;
      setSaved(written);
      setForm(formFromSettings(written));
      setMessage({ kind: "ok", text: `Saved to ${profile.location.dir}`, hint: enc.encrypted ? `encrypted: ${enc.reason}` : `not encrypted: ${enc.reason}` });
      return true;
    },

    registerBlocker: () => registerBlocker({ certificates, saved, dirty, loadError }),

    register: async (r) => {
      if (busyRef.current || checkRunning.current)
        return { ok: false, message: { kind: "warn", text: "another action is running: try again when it has finished" } };
      busyRef.current = true;
      checkRunning.current = true;
      setBusy("Registering in Azure…");
      setMessage(undefined);
      try {
        const result = await registrar(profile, { onDeviceCode: r.onDeviceCode, onStep: r.onStep, signal: r.signal });
        // The core saved Tenant ID / Application ID into the profile: show what is saved now.
        if (result.changed || result.applicationId) {
          const s = await profile.readSettings().catch(() => undefined);
          if (s) {
            setSaved(s);
            setForm(formFromSettings(s));
          }
        }
        if (result.check) setCheck({ running: false, result: result.check, finishedAt: new Date() });
        const message = registerOutcome(result, dashboardStep);
        setMessage(message);
        return { ok: true, result, message };
      } catch (e) {
        const message = toMessage(e);
        setMessage(message);
        return { ok: false, message };
      } finally {
        busyRef.current = false;
        checkRunning.current = false;
        setBusy(undefined);
      }
    },

    demoUpload: async () => {
      const demo = opts.demo;
      if (!demo) return;
      const text = await run("Uploading to the simulated app…", async () => {
        const active = profile.activeCertificate();
        if (!active) throw new IbiError("no_certificate", "no active certificate to upload", { hint: "press g to Generate one" });
        return demo.upload(profile.exportPublicCertificate(active.thumbprintSha256, "pem").toString("utf8"));
      });
      if (text) setMessage({ kind: "ok", text });
    },

    demoGrantConsent: async () => {
      const demo = opts.demo;
      if (!demo) return;
      const text = await run("Granting consent in the simulated tenant…", () => demo.grantConsent());
      if (text) setMessage({ kind: "ok", text });
    },
  };
}
