// The profile's certificates and the selection in the list, with the actions on them (core/actions): generate,
// import, export, activate, delete. Each reports on the message line and selects what it changed.
import { resolve } from "node:path";
import { useCallback, useState } from "react";
import { activateCertificate, deleteCertificate, generateCertificate } from "../../core/actions/certificates.js";
import { exportPfx } from "../../core/actions/export-pfx.js";
import { exportPublic } from "../../core/actions/export-public.js";
import { pathState, type PathState } from "../../core/actions/files.js";
import { importCertificate, importPasswordKind, type PasswordKind } from "../../core/actions/import.js";
import { IbiError } from "../../core/errors.js";
import type { CertificateView, Profile } from "../../core/store/profile.js";
import type { ActionRunner } from "./use-action-runner.js";
import { clean } from "../../present/text.js";
import { keyFor } from "./keymap.js";
import { toMessage } from "./to-message.js";

export interface Certificates {
  certificates: CertificateView[];
  selected: number;
  selectedCertificate: CertificateView | undefined;
  select(delta: number): void;
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
}

export function useCertificates(profile: Profile, runner: ActionRunner): Certificates {
  const [certificates, setCertificates] = useState<CertificateView[]>(() => profile.listCertificates());
  const [selected, setSelected] = useState(() => Math.max(0, profile.listCertificates().findIndex((c) => c.active)));
  const { run, notify } = runner;

  /** Reads the list again, selecting `selectThumbprint` when given (else keeping the place in the list). */
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

  const selectedCertificate = certificates[selected];
  const requireSelected = (): CertificateView => {
    if (!selectedCertificate)
      throw new IbiError("no_certificate", "no certificate selected", { hint: `press ${keyFor("generate")} to Generate one, or ${keyFor("import")} to Import a PFX` });
    return selectedCertificate;
  };

  return {
    certificates,
    selected,
    selectedCertificate,
    select: (delta) => setSelected((i) => Math.min(Math.max(0, i + delta), Math.max(0, certificates.length - 1))),

    generate: async () => {
      const created = await run("Generating a certificate (RSA 2048)…", () => generateCertificate(profile));
      if (!created) return;
      refresh(created.thumbprintSha256);
      notify({
        kind: "ok",
        text: `Generated ${created.thumbprintSha1}${created.active ? " (active)" : ` (not active yet: press ${keyFor("activate")} to activate it)`}`,
        hint: `next: Export (Public Key Only)... (${keyFor("exportPublic")}) and upload it in the Azure Portal, Certificates & secrets`,
      });
    },

    activate: async () => {
      const c = await run("Activating…", async () => {
        return activateCertificate(profile, requireSelected().thumbprintSha256);
      });
      if (!c) return;
      refresh(c.thumbprintSha256);
      notify({ kind: "ok", text: `Certificate ${c.thumbprintSha1} is active` });
    },

    remove: async () => {
      const c = await run("Deleting…", async () => {
        const target = requireSelected();
        return (await deleteCertificate(profile, target.thumbprintSha256, { force: target.active })).deleted;
      });
      if (!c) return;
      refresh();
      notify({ kind: "ok", text: `Deleted certificate ${c.thumbprintSha1} and its private key` });
    },

    publicPem: () => {
      try {
        return profile.exportPublicCertificate(requireSelected().thumbprintSha256, "pem").toString("utf8");
      } catch (e) {
        notify(toMessage(e));
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
      notify({
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
      notify({ kind: "ok", text: `Wrote ${done.file} (PFX with the private key: keep it safe)`, hint: "import it on another host with: ibi-entra cert import FILE" });
      return true;
    },

    // An unreadable file needs no password: the import itself then reports why it cannot be read.
    importNeedsPassword: (path) => importPasswordKind(path).catch(() => undefined),

    importFile: async (path, password) => {
      const added = await run("Importing…", () => importCertificate(profile, path, { askPassword: async () => password }));
      if (!added) return false;
      refresh(added.thumbprintSha256);
      const text = `Imported ${added.thumbprintSha1}${added.active ? " (active)" : ` (press ${keyFor("activate")} to activate it)`}`;
      // An expired or expiring certificate is imported, with the same warning the CLI prints.
      notify(added.warning ? { kind: "warn", text, hint: clean(added.warning, 300) } : { kind: "ok", text });
      return true;
    },
  };
}
