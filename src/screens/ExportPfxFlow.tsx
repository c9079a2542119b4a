// "Export PFX...": certificate and private key in a password-protected PKCS#12 file (for another host).
import { Text } from "ink";
import { useState } from "react";
import { PromptDialog } from "../components/PromptDialog.js";
import type { CertificateView } from "../core/store/profile.js";
import type { DashboardModel } from "../tui/state/use-dashboard.js";
import { defaultExportPath } from "../present/certificate-rows.js";

export interface ExportPfxFlowProps {
  certificate: CertificateView;
  profileDir: string;
  exportPfx: (path: string, password: string) => Promise<boolean>;
  /** what is at a path (the model asks the filesystem; this flow only decides whether to confirm) */
  pathState: DashboardModel["pathState"];
  onClose: () => void;
  width?: number;
}

type Step = { kind: "path"; confirmOverwrite?: string; error?: string } | { kind: "password"; path: string } | { kind: "confirm"; path: string; password: string };

export function ExportPfxFlow({ certificate, profileDir, exportPfx, pathState, onClose, width }: ExportPfxFlowProps) {
  const [step, setStep] = useState<Step>({ kind: "path" });
  const title = `Export PFX... ${certificate.thumbprintSha1}`;
  if (step.kind === "path")
    return (
      <PromptDialog
        key="path"
        title={title}
        label="Save to"
        width={width}
        initialValue={defaultExportPath(profileDir, certificate, "pfx")}
        error={step.error ?? (step.confirmOverwrite ? "the file exists: press Enter again to overwrite it" : undefined)}
        onCancel={onClose}
        onSubmit={(path) =>
          void pathState(path).then(({ file, state }) => {
            if (state === "directory") return setStep({ kind: "path", error: "that is a directory: add a file name" });
            if (state === "file" && step.confirmOverwrite !== file) return setStep({ kind: "path", confirmOverwrite: file });
            setStep({ kind: "password", path: file });
          })
        }
      >
        <Text>The PFX holds the private key: keep it safe, and delete it once imported elsewhere.</Text>
      </PromptDialog>
    );
  if (step.kind === "password")
    return (
      <PromptDialog
        key="password"
        title={title}
        label="PFX password"
        masked
        width={width}
        validate={(v) => (v === "" ? "PFX password must not be empty" : true)}
        onCancel={onClose}
        onSubmit={(password) => setStep({ kind: "confirm", path: step.path, password })}
      />
    );
  return (
    <PromptDialog
      key="confirm"
      title={title}
      label="Repeat the password"
      masked
      width={width}
      validate={(v) => (v === step.password ? true : "the passwords differ: type the same password again (Esc to cancel)")}
      onCancel={onClose}
      onSubmit={() => void exportPfx(step.path, step.password).then(onClose)}
    />
  );
}
