// What the dashboard draws in place of its panes while a dialog is open: one render function per kind.
import type { ReactNode } from "react";
import { HelpOverlay } from "../components/HelpOverlay.js";
import { HELP_NOTE, helpSections, type KeyState } from "../tui/state/keymap.js";
import type { DashboardModel } from "../tui/state/use-dashboard.js";
import { CheckDetails } from "./CheckDetails.js";
import { DeleteDialog } from "./DeleteDialog.js";
import { ExportPfxFlow } from "./ExportPfxFlow.js";
import { ExportPublicFlow } from "./ExportPublicFlow.js";
import { ImportFlow } from "./ImportFlow.js";
import { QuitDialog } from "./QuitDialog.js";
import { RegisterFlow } from "./RegisterFlow.js";
import { SaveBeforeTestDialog } from "./SaveBeforeTestDialog.js";

export type OverlayKind = "help" | "exportPublic" | "exportPfx" | "import" | "register" | "delete" | "quit" | "saveBeforeTest" | "details";

export interface OverlayContext {
  model: DashboardModel;
  /** the model when a dialog answers (a render's model may be stale by then; see use-latest.ts) */
  latest: () => DashboardModel;
  keyState: KeyState;
  width: number;
  /** rows the dialog may take (between the title line and the message line) */
  height: number;
  close: () => void;
  onQuit: () => void;
  /** false (with the reason shown and the focus on the field) when a field is invalid */
  validForm: () => boolean;
}

/** undefined: nothing to show (a certificate dialog without a certificate), so the panes are drawn. */
export type RenderOverlay = (c: OverlayContext) => ReactNode | undefined;

export const OVERLAYS: Readonly<Record<OverlayKind, RenderOverlay>> = {
  help: ({ keyState, width, close }) => <HelpOverlay width={width} sections={helpSections(keyState)} note={HELP_NOTE} onClose={close} />,
  exportPublic: ({ model, width, close }) =>
    model.selectedCertificate && (
      <ExportPublicFlow
        width={width}
        certificate={model.selectedCertificate}
        profileDir={model.profileDir}
        exportTo={model.exportPublic}
        pathState={model.pathState}
        pem={model.publicPem}
        copy={model.copy}
        onClose={close}
        normalScreen={model.normalScreen}
      />
    ),
  exportPfx: ({ model, width, close }) =>
    model.selectedCertificate && (
      <ExportPfxFlow width={width} certificate={model.selectedCertificate} profileDir={model.profileDir} exportPfx={model.exportPfx} pathState={model.pathState} onClose={close} />
    ),
  import: ({ model, width, close }) => (
    <ImportFlow width={width} profileDir={model.profileDir} needsPassword={model.importNeedsPassword} importFile={model.importFile} onClose={close} />
  ),
  register: ({ model, width, close }) => <RegisterFlow width={width} blocker={model.registerBlocker()} register={model.register} copy={model.copy} onClose={close} />,
  delete: ({ model, latest, width, close }) =>
    model.selectedCertificate && <DeleteDialog width={width} certificate={model.selectedCertificate} last={model.certificates.length === 1} onClose={close} onDelete={() => void latest().remove()} />,
  quit: ({ latest, width, close, onQuit, validForm }) => (
    <QuitDialog
      width={width}
      onClose={close}
      onQuit={onQuit}
      onSaveAndQuit={() => {
        if (validForm()) void latest().save().then((ok) => ok && onQuit());
      }}
    />
  ),
  saveBeforeTest: ({ latest, width, close }) => (
    <SaveBeforeTestDialog
      width={width}
      onClose={close}
      onTestSaved={() => void latest().test()}
      onSaveThenTest={() => void latest().save().then((ok) => (ok ? latest().test() : undefined))}
    />
  ),
  details: ({ model, width, height, close }) => (
    <CheckDetails check={model.check} width={width} height={height} onClose={close} onCopy={() => model.check.result && model.copy(model.check.result.consentUrl, "the admin-consent URL")} />
  ),
};
