// What each keymap action does on the dashboard (src/tui/state/keymap.ts says which key runs it, where and
// when). Typed as a record over every action id, so an action without a handler does not compile.
import type { ActionId } from "../tui/state/keymap.js";
import { ENTER_ACTION } from "../tui/state/keymap.js";
import type { DashboardModel } from "../tui/state/use-dashboard.js";
import { focusable, moveFocus, nextCloud, type FocusId } from "../tui/state/view-model.js";
import { needsConsent } from "../present/permission-rows.js";
import type { OverlayKind } from "./overlays.js";

export type ActionHandler = (step: 1 | -1) => void;
export type ActionHandlers = Readonly<Record<ActionId, ActionHandler>>;

/** The screen's state as the handlers see it: read at the moment of the key (see use-latest.ts). */
export interface HandlerContext {
  model: () => DashboardModel;
  focus: () => FocusId;
  /** moves the focus (a text field is then being edited) */
  go: (focus: FocusId) => void;
  /** starts or stops editing the focused text field, the focus staying on it */
  setEditing: (on: boolean) => void;
  open: (overlay: OverlayKind) => void;
  /** the unsaved-changes question or a modal (the vault passphrase) is showing: Ctrl+C quits at once */
  quitAtOnce: () => boolean;
  onQuit: () => void;
}

/** Saving needs valid fields: otherwise say why and put the focus on the first bad one. */
export function validForm(c: Pick<HandlerContext, "model" | "go">): boolean {
  const { errors, notify } = c.model();
  const bad = errors.tenantId ? "tenantId" : errors.applicationId ? "applicationId" : undefined;
  if (!bad) return true;
  notify({ kind: "error", text: errors[bad]!, hint: "fix the field, or clear it to leave it unset" });
  c.go(bad);
  return false;
}

export function dashboardHandlers(c: HandlerContext): ActionHandlers {
  const m = c.model;
  const requestQuit = () => (m().dirty ? c.open("quit") : c.onQuit());
  const withCertificate = (kind: OverlayKind) => () => (m().selectedCertificate ? c.open(kind) : undefined);
  const handlers: ActionHandlers = {
    focus: (step) => c.go(moveFocus(focusable(m().certificates.length > 0), c.focus(), step)),
    select: (step) => m().select(step),
    cloud: (step) => m().setCloud(nextCloud(m().form.cloud, step)),
    act: () => handlers[ENTER_ACTION[c.focus()]](1),
    leaveField: () => c.setEditing(false),
    edit: () => c.setEditing(true),
    generate: () => void m().generate(),
    exportPublic: withCertificate("exportPublic"),
    exportPfx: withCertificate("exportPfx"),
    import: () => c.open("import"),
    delete: withCertificate("delete"),
    activate: () => void m().activate(),
    testConnection: () => {
      // Test connection uses the saved settings: with unsaved changes, ask first.
      if (!m().dirty) return void m().test();
      if (validForm(c)) c.open("saveBeforeTest");
    },
    recheck: () => m().toggleAutoRecheck(),
    details: () => c.open("details"),
    copyConsentUrl: () => {
      const r = m().check.result;
      if (r && needsConsent(r)) m().copy(r.consentUrl, "the admin-consent URL");
    },
    register: () => c.open("register"),
    save: () => {
      if (validForm(c)) void m().save();
    },
    quit: requestQuit,
    help: () => c.open("help"),
    interrupt: () => (c.quitAtOnce() ? c.onQuit() : requestQuit()),
    demoUpload: () => void m().demoUpload(),
    demoGrantConsent: () => void m().demoGrantConsent(),
  };
  return handlers;
}
