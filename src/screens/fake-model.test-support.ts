// A stand-in for useDashboard in screen tests: real React state for the form and the selection, canned
// certificates and check results, and a log of the actions the screen asked for (no src/core behind it).
import { useState } from "react";
import type { CheckResult } from "../core/entra/types.js";
import type { CertificateView, Settings } from "../core/store/profile.js";
import type { CheckState, DashboardModel, RegisterOutcome, RegisterRun } from "../tui/state/use-dashboard.js";
import type { Message } from "../present/message.js";
import { osc52 } from "../present/text.js";
import { formErrors, formFromSettings, isDirty, registerBlocker, settingsFromForm } from "../tui/state/view-model.js";

export interface FakeModelInit {
  saved?: Settings;
  certificates?: CertificateView[];
  result?: CheckResult;
  demo?: boolean;
  dir?: string;
  /** stands in for registerWithProfile behind the model's register */
  register?: (run: RegisterRun) => Promise<RegisterOutcome>;
  /** the secret store and why (default: the vault, "no Secret Service on this host") */
  store?: DashboardModel["store"];
  /** receives what copy sends to the terminal (OSC 52), like the real model's writeRaw */
  writeRaw?: (data: string) => void;
}

export function useFakeModel(init: FakeModelInit, calls: string[]): DashboardModel {
  const saved = init.saved ?? { cloud: "global" };
  const [form, setForm] = useState(formFromSettings(saved));
  const [savedState, setSaved] = useState<Settings>(saved);
  const [selected, setSelected] = useState(0);
  const [message, setMessage] = useState<Message | undefined>(undefined);
  const [check, setCheck] = useState<CheckState>({ running: false, result: init.result });
  const [autoRecheck, setAuto] = useState(false);
  const certificates = init.certificates ?? [];
  const log =
    (name: string, ret: unknown = undefined) =>
    (...args: unknown[]) => {
      calls.push(args.length ? `${name} ${args.map((a) => String(a)).join(" ")}` : name);
      return ret;
    };
  const shown = settingsFromForm(savedState, form);
  const authorityHosts = { global: "https://login.microsoftonline.com", usgov: "https://login.microsoftonline.us", usgovdod: "https://login.microsoftonline.us", china: "https://login.partner.microsoftonline.cn" };
  return {
    profileName: "default",
    profileDir: init.dir ?? "/home/admin/.config/ibi-entra/default",
    authorityHost: shown.authorityHost ?? authorityHosts[shown.cloud],
    encryptionText: certificates.length ? `encrypted: CMS-encrypted to ${certificates.length} certificate(s) of this profile` : "not encrypted: no certificate yet",
    demo: init.demo ?? false,
    loaded: true,
    saved: savedState,
    form,
    errors: formErrors(form),
    dirty: isDirty(savedState, form),
    certificates,
    selected,
    selectedCertificate: certificates[selected],
    store: init.store ?? { kind: "file", reason: "no Secret Service on this host" },
    message,
    check,
    autoRecheck,
    recheckSeconds: 5,
    setField: (field, value) => setForm((f) => ({ ...f, [field]: value })),
    setCloud: (cloud) => setForm((f) => ({ ...f, cloud })),
    select: (d) => setSelected((i) => Math.min(Math.max(0, i + d), Math.max(0, certificates.length - 1))),
    notify: setMessage,
    generate: async () => void log("generate")(),
    activate: async () => void log("activate", undefined)(certificates[selected]?.thumbprintSha1),
    remove: async () => void log("remove")(certificates[selected]?.thumbprintSha1),
    publicPem: () => "-----BEGIN CERTIFICATE-----\nMIIFAKE\n-----END CERTIFICATE-----\n",
    pathState: async (path) => ({ file: path, state: "missing" as const }),
    exportPublic: async (path, overwrite) => Boolean(log("exportPublic", true)(path, overwrite) ?? true),
    exportPfx: async (path, pw) => Boolean(log("exportPfx", true)(path, pw.replace(/./g, "*")) ?? true),
    importNeedsPassword: async () => "pfx",
    importFile: async (path, pw) => Boolean(log("importFile", true)(path, pw === undefined ? "-" : "***") ?? true),
    copy: (text, what) => {
      log("copy")(what);
      init.writeRaw?.(osc52(text));
    },
    test: async () => {
      log("test")();
      setCheck((c) => ({ ...c, running: false, finishedAt: new Date() }));
    },
    toggleAutoRecheck: () => {
      log("toggleAutoRecheck")();
      setAuto((a) => !a);
    },
    save: async () => {
      log("save")(form.tenantId || "-", form.applicationId || "-", form.cloud);
      setSaved({ ...savedState, tenantId: form.tenantId || undefined, applicationId: form.applicationId || undefined, cloud: form.cloud });
      return true;
    },
    registerBlocker: () => registerBlocker({ certificates, saved: savedState, dirty: isDirty(savedState, form) }),
    register: async (run) => {
      log("register")();
      return init.register ? init.register(run) : { ok: false, message: { kind: "error", text: "no register function in this test" } };
    },
    demoUpload: async () => void log("demoUpload")(),
    demoGrantConsent: async () => void log("demoGrantConsent")(),
  };
}
