// "Export (Public Key Only)...": save to a file (default in the profile folder), show the PEM on screen, or
// copy it to the admin's local clipboard with OSC 52 (works over SSH).
import { Box, Text } from "ink";
import { useKeyStream } from "../components/use-key-stream.js";
import { useLayoutEffect, useState } from "react";
import { MenuDialog } from "../components/MenuDialog.js";
import { PemView } from "../components/PemView.js";
import { PromptDialog } from "../components/PromptDialog.js";
import type { CertificateView } from "../core/store/profile.js";
import type { DashboardModel, NormalScreen } from "../tui/state/use-dashboard.js";
import { defaultExportPath } from "../present/certificate-rows.js";

export interface ExportPublicFlowProps {
  certificate: CertificateView;
  profileDir: string;
  exportTo: (path: string, overwrite: boolean) => Promise<boolean>;
  /** what is at a path (the model asks the filesystem; this flow only decides whether to confirm) */
  pathState: DashboardModel["pathState"];
  pem: () => string | undefined;
  copy: (text: string, what: string) => void;
  onClose: () => void;
  width?: number;
  /** "Show the PEM on screen" prints it on the terminal's normal screen when given (else it is drawn here) */
  normalScreen?: NormalScreen;
}

type Step = { kind: "menu" } | { kind: "path"; confirmOverwrite?: string; error?: string } | { kind: "pem"; pem: string } | { kind: "printed" };

/** What "Show the PEM on screen" prints on the normal screen: nothing cut, so the admin can select it whole. */
export function printedPem(certificate: CertificateView, pem: string): string {
  return `\n${certificate.subject}  SHA-1 ${certificate.thumbprintSha1}\n\n${pem.trimEnd()}\n\nPress any key to return to the dashboard.\n`;
}

export function ExportPublicFlow({ certificate, profileDir, exportTo, pathState, pem, copy, onClose, width, normalScreen }: ExportPublicFlowProps) {
  const [step, setStep] = useState<Step>({ kind: "menu" });
  const title = `Export (Public Key Only)... ${certificate.thumbprintSha1}`;
  if (step.kind === "menu")
    return (
      <MenuDialog
        title={title}
        width={width}
        items={[
          { label: "Save to a file...", value: "file" },
          { label: "Show the PEM on screen", value: "show" },
          { label: "Copy the PEM to your clipboard (OSC 52)", value: "copy" },
        ]}
        onCancel={onClose}
        onSelect={(v) => {
          if (v === "file") return setStep({ kind: "path" });
          const text = pem();
          if (text === undefined) return onClose();
          if (v === "show" && normalScreen) {
            normalScreen.print(printedPem(certificate, text));
            return setStep({ kind: "printed" });
          }
          if (v === "show") return setStep({ kind: "pem", pem: text });
          copy(text, "the public certificate (PEM)");
          onClose();
        }}
      >
        <Text>For the Azure Portal: App registrations {">"} your app {">"} Certificates & secrets {">"} Upload certificate.</Text>
      </MenuDialog>
    );
  if (step.kind === "printed") return normalScreen ? <PrintedPem screen={normalScreen} onClose={onClose} /> : null;
  if (step.kind === "pem")
    return <PemView title={`${certificate.subject} ${certificate.thumbprintSha1}`} pem={step.pem} onCopy={() => copy(step.pem, "the public certificate (PEM)")} onClose={onClose} />;
  return (
    <PromptDialog
      title={title}
      label="Save to"
      width={width}
      initialValue={defaultExportPath(profileDir, certificate, "cer")}
      error={step.error ?? (step.confirmOverwrite ? "the file exists: press Enter again to overwrite it" : undefined)}
      onCancel={onClose}
      onSubmit={(path) =>
        void pathState(path).then(({ file, state }) => {
          if (state === "directory") return setStep({ kind: "path", error: "that is a directory: add a file name" });
          if (state === "file" && step.confirmOverwrite !== file) return setStep({ kind: "path", confirmOverwrite: file });
          void exportTo(file, true).then(onClose);
        })
      }
    >
      <Text>.cer/.der are written as DER, .pem/.crt as PEM; the portal accepts both.</Text>
    </PromptDialog>
  );
}

/** While the PEM is on the normal screen (nothing of this is drawn): any key returns; so does closing it otherwise. */
function PrintedPem({ screen, onClose }: { screen: NormalScreen; onClose: () => void }) {
  useKeyStream(() => {
    screen.back();
    onClose();
  });
  // Whatever else closes the flow (Ctrl+C's quit question) brings the dashboard back too. A layout effect: its
  // clean-up runs before Ink draws the commit that removed this, so that frame is not dropped by the gate.
  useLayoutEffect(() => () => screen.back(), [screen]);
  return (
    <Box>
      <Text>The PEM is on the terminal's normal screen: press any key to return.</Text>
    </Box>
  );
}
