// The whole "Azure Active Directory" pane as the guide shows it, plus dialogs, help and the status line.
// Layout and key handling only: every action goes through the model (src/tui/state/use-dashboard.ts → src/core).
import { Box, Spacer, Text, useInput } from "ink";
import { useEffect, useRef, useState } from "react";
import { Button } from "../components/Button.js";
import { ChoiceDialog } from "../components/ChoiceDialog.js";
import { Dialog } from "../components/Dialog.js";
import { PermissionTable } from "../components/PermissionTable.js";
import { HelpOverlay } from "../components/HelpOverlay.js";
import { MessageLine } from "../components/MessageLine.js";
import { StatusLine } from "../components/StatusLine.js";
import { useTheme } from "../components/Theme.js";
import type { DashboardModel } from "../tui/state/use-dashboard.js";
import { useLatest } from "../tui/state/use-latest.js";
import { AzureActiveDirectoryPane } from "./AzureActiveDirectoryPane.js";
import { CertificatesPane } from "./CertificatesPane.js";
import { ConnectionPane } from "./ConnectionPane.js";
import { ExportPfxFlow } from "./ExportPfxFlow.js";
import { ExportPublicFlow } from "./ExportPublicFlow.js";
import { ImportFlow } from "./ImportFlow.js";
import { RegisterFlow } from "./RegisterFlow.js";
import { DEMO_KEYS, GLOBAL_KEYS, TEXT_FIELDS, focusable, keysFor, moveFocus, nextCloud, settingsFromForm, type FocusId } from "../tui/state/view-model.js";
import { needsConsent, resultRows } from "../present/permission-rows.js";

type Overlay =
  | { kind: "help" }
  | { kind: "exportPublic" }
  | { kind: "exportPfx" }
  | { kind: "import" }
  | { kind: "register" }
  | { kind: "delete" }
  | { kind: "quit" }
  | { kind: "saveBeforeTest" }
  | { kind: "details" };

export interface DashboardScreenProps {
  model: DashboardModel;
  width: number;
  height: number;
  onQuit: () => void;
  /** a dialog drawn instead of the panes by the caller (the vault passphrase); the screen ignores keys meanwhile */
  modal?: React.ReactNode;
  /** clock times in the connection pane; off for golden screens */
  showTime?: boolean;
}

export function DashboardScreen({ model, width, height, onQuit, modal, showTime }: DashboardScreenProps) {
  const t = useTheme();
  const [focus, setFocus] = useState<FocusId>("tenantId");
  const [overlay, setOverlay] = useState<Overlay | undefined>(undefined);
  const touched = useRef(false);
  const m = useLatest(model);
  const f = useLatest(focus);
  const hasCert = model.certificates.length > 0;
  // Below this height every row counts: no blank lines between sections, one line per check item.
  const roomy = height >= 32;
  // The check result is drawn in full when it fits below everything else, else one line per item (v: full).
  const certRows = 1 + Math.max(1, Math.min(model.certificates.length, Math.max(1, height - 22))) + (width >= 96 ? 1 : 2);
  const fixedRows = 1 + 4 + certRows + 1 + 1 + 3 + 2 + (roomy ? 3 : 0) + (model.errors.tenantId ? 2 : 0) + (model.errors.applicationId ? 2 : 0);
  const compact = model.check.result ? resultRows(model.check.result, width) > height - fixedRows : false;
  const order = focusable(hasCert);

  // Start at the next thing to do: a missing ID (a new profile starts in Tenant ID), else Test connection.
  useEffect(() => {
    if (!model.loaded || touched.current) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- once, when the settings arrive; keys own focus afterwards
    if (!model.saved.tenantId) setFocus("tenantId");
    else if (!model.saved.applicationId) setFocus("applicationId");
    else setFocus("testConnection");
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model.loaded]);

  // A control that disappeared (last certificate deleted) hands focus to Generate.
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a one-off correction; focus stays state, keys move it
    if (!order.includes(focus)) setFocus("generate");
  }, [order, focus]);

  const go = (next: FocusId) => {
    touched.current = true;
    setFocus(next);
  };

  const requestQuit = () => (m.current.dirty ? setOverlay({ kind: "quit" }) : onQuit());

  const validForm = (): boolean => {
    const { errors } = m.current;
    const bad = errors.tenantId ? "tenantId" : errors.applicationId ? "applicationId" : undefined;
    if (!bad) return true;
    m.current.notify({ kind: "error", text: errors[bad]!, hint: "fix the field, or clear it to leave it unset" });
    go(bad);
    return false;
  };

  const save = () => {
    if (validForm()) void m.current.save();
  };

  const test = () => {
    if (m.current.dirty) {
      if (validForm()) setOverlay({ kind: "saveBeforeTest" });
      return;
    }
    void m.current.test();
  };

  const act = (id: FocusId) => {
    const mm = m.current;
    switch (id) {
      case "cloud":
        return mm.setCloud(nextCloud(mm.form.cloud, 1));
      case "certificates":
      case "activate":
        return void mm.activate();
      case "generate":
        return void mm.generate();
      case "exportPublic":
        return mm.selectedCertificate ? setOverlay({ kind: "exportPublic" }) : undefined;
      case "exportPfx":
        return mm.selectedCertificate ? setOverlay({ kind: "exportPfx" }) : undefined;
      case "import":
        return setOverlay({ kind: "import" });
      case "delete":
        return mm.selectedCertificate ? setOverlay({ kind: "delete" }) : undefined;
      case "register":
        return setOverlay({ kind: "register" });
      case "testConnection":
        return test();
      case "recheck":
        return mm.toggleAutoRecheck();
      case "save":
        return save();
      default:
        return undefined;
    }
  };

  // Ctrl+C works everywhere, dialogs included; a second Ctrl+C in the unsaved-changes question quits.
  useInput((input, key) => {
    if (!(key.ctrl && input === "c")) return;
    if (overlay?.kind === "quit" || modal) return onQuit();
    requestQuit();
  });

  useInput(
    (input, key) => {
      if (key.ctrl) return;
      const cur = f.current;
      const mm = m.current;
      const ord = focusable(mm.certificates.length > 0);
      if (key.tab) return go(moveFocus(ord, cur, key.shift ? -1 : 1));
      if (TEXT_FIELDS.has(cur)) {
        if (key.upArrow) return go(moveFocus(ord, cur, -1));
        if (key.downArrow) return go(moveFocus(ord, cur, 1));
        if (key.escape) return go("cloud");
        return; // typing goes to the field; Enter is the field's onSubmit
      }
      if (key.upArrow) return cur === "certificates" ? mm.select(-1) : go(moveFocus(ord, cur, -1));
      if (key.downArrow) return cur === "certificates" ? mm.select(1) : go(moveFocus(ord, cur, 1));
      if (key.leftArrow || key.rightArrow) {
        const d = key.leftArrow ? -1 : 1;
        if (cur === "cloud") return mm.setCloud(nextCloud(mm.form.cloud, d));
        if (cur !== "certificates") return go(moveFocus(ord, cur, d));
        return;
      }
      if (key.return) return act(cur);
      switch (input) {
        case "g":
          return act("generate");
        case "e":
          return act("exportPublic");
        case "x":
          return act("exportPfx");
        case "i":
          return act("import");
        case "d":
          return act("delete");
        case "a":
          return act("activate");
        case "t":
          return act("testConnection");
        case "r":
          return act("recheck");
        case "s":
          return act("save");
        case "R":
          return act("register");
        case "y":
          if (mm.check.result && needsConsent(mm.check.result)) mm.copy(mm.check.result.consentUrl, "the admin-consent URL");
          return;
        case "v":
          return mm.check.result || mm.check.error ? setOverlay({ kind: "details" }) : undefined;
        case "q":
          return requestQuit();
        case "?":
          return setOverlay({ kind: "help" });
        case "u":
          return mm.demo ? void mm.demoUpload() : undefined;
        case "c":
          return mm.demo ? void mm.demoGrantConsent() : undefined;
        default:
          return undefined;
      }
    },
    { isActive: overlay === undefined && !modal },
  );

  const close = () => setOverlay(undefined);
  const dialogWidth = Math.min(width, 100);
  const cert = model.selectedCertificate;
  let body: React.ReactNode;
  if (modal) body = modal;
  else if (overlay?.kind === "help")
    body = (
      <HelpOverlay
        width={dialogWidth}
        sections={[{ title: "Keys", keys: [...GLOBAL_KEYS] }, ...(model.demo ? [{ title: "Demo (simulated tenant)", keys: [...DEMO_KEYS] }] : [])]}
        onClose={close}
      />
    );
  else if (overlay?.kind === "exportPublic" && cert)
    body = (
      <ExportPublicFlow
        width={dialogWidth}
        certificate={cert}
        profileDir={model.profile.location.dir}
        exportTo={model.exportPublic}
        pem={model.publicPem}
        copy={model.copy}
        onClose={close}
      />
    );
  else if (overlay?.kind === "exportPfx" && cert)
    body = <ExportPfxFlow width={dialogWidth} certificate={cert} profileDir={model.profile.location.dir} exportPfx={model.exportPfx} onClose={close} />;
  else if (overlay?.kind === "import")
    body = <ImportFlow width={dialogWidth} profileDir={model.profile.location.dir} needsPassword={model.importNeedsPassword} importFile={model.importFile} onClose={close} />;
  else if (overlay?.kind === "register")
    body = <RegisterFlow width={dialogWidth} blocker={model.registerBlocker()} register={model.register} copy={model.copy} onClose={close} />;
  else if (overlay?.kind === "delete" && cert)
    body = (
      <ChoiceDialog
        width={dialogWidth}
        title={`Delete certificate ${cert.thumbprintSha1}?`}
        choices={[
          { key: "y", label: "Delete", value: "yes" },
          { key: "n", label: "Keep", value: "no" },
        ]}
        initial={1}
        onCancel={close}
        onChoose={(v) => {
          close();
          if (v === "yes") void m.current.remove();
        }}
      >
        <Text>{`${cert.subject}, expires ${cert.notAfter.slice(0, 10)}. Its private key is removed from the ${cert.store === "keychain" ? "keychain" : "vault"}; this cannot be undone.`}</Text>
        {cert.active ? <Text>{`${t.sym.warn} It is the active certificate: IBI-aws cannot sign in until another one is active.`}</Text> : null}
      </ChoiceDialog>
    );
  else if (overlay?.kind === "quit")
    body = (
      <ChoiceDialog
        width={dialogWidth}
        title="Quit with unsaved changes?"
        choices={[
          { key: "s", label: "Save and quit", value: "save" },
          { key: "q", label: "Quit without saving", value: "quit" },
          { key: "n", label: "Stay", value: "stay" },
        ]}
        initial={2}
        onCancel={close}
        onChoose={(v) => {
          close();
          if (v === "quit") onQuit();
          else if (v === "save" && validForm()) void m.current.save().then((ok) => ok && onQuit());
        }}
      >
        <Text>Tenant ID, Application ID or the cloud were changed and not saved.</Text>
      </ChoiceDialog>
    );
  else if (overlay?.kind === "details")
    body = <CheckDetails check={model.check} width={dialogWidth} onClose={close} onCopy={() => model.check.result && model.copy(model.check.result.consentUrl, "the admin-consent URL")} />;
  else if (overlay?.kind === "saveBeforeTest")
    body = (
      <ChoiceDialog
        width={dialogWidth}
        title="Test connection"
        choices={[
          { key: "s", label: "Save, then test", value: "save" },
          { key: "t", label: "Test the saved settings", value: "test" },
        ]}
        onCancel={close}
        onChoose={(v) => {
          close();
          if (v === "test") void m.current.test();
          else void m.current.save().then((ok) => (ok ? m.current.test() : undefined));
        }}
      >
        <Text>Test connection uses the saved settings, and your changes are not saved yet.</Text>
      </ChoiceDialog>
    );
  else
    body = (
      <>
        <AzureActiveDirectoryPane
          form={model.form}
          authorityHost={model.profile.resolveHosts(settingsFromForm(model.saved, model.form)).authorityHost}
          errors={model.errors}
          focus={model.loaded ? focus : undefined}
          // A key can reach a text field's handler after the focus left it (Ink re-subscribes after the
          // render); only the focused field takes text.
          onChange={(field, value) => {
            if (f.current === field) m.current.setField(field, value);
          }}
          onSubmitField={(field) => go(moveFocus(order, field, 1))}
        />
        <CertificatesPane
          certificates={model.certificates}
          selected={model.selected}
          focus={focus}
          width={width}
          maxRows={Math.max(1, height - 22)}
          marginTop={roomy ? 1 : 0}
        />
        <ConnectionPane
          check={model.check}
          autoRecheck={model.autoRecheck}
          recheckSeconds={model.recheckSeconds}
          focus={focus}
          showTime={showTime}
          compact={compact}
          marginTop={roomy ? 1 : 0}
        />
        <Box marginTop={roomy ? 1 : 0} flexShrink={0}>
          <Box flexShrink={0}>
            <Button label="Save" focused={focus === "save"} />
            <Text> </Text>
          </Box>
          <Text color={t.tone("muted")} wrap="truncate-end">
            {encryptionText(model)}
          </Text>
        </Box>
      </>
    );

  const keys = modal || overlay ? [{ key: "Esc", label: "close" }, { key: "Enter", label: "OK" }] : keysFor(focus, { hasCertificate: hasCert, demo: model.demo });
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box flexShrink={0}>
        <Text bold wrap="truncate-end">{`ibi-entra ${t.sym.sep} Azure Active Directory ${t.sym.sep} profile ${model.profile.location.name}${model.demo ? " [demo]" : ""}`}</Text>
        <Spacer />
        {model.dirty ? <Text color={t.tone("warn")}>{`${t.sym.unsaved} unsaved`}</Text> : null}
      </Box>
      <Box flexDirection="column" flexGrow={1} flexShrink={1} overflow="hidden">
        {body}
      </Box>
      <Box flexShrink={0} flexDirection="column">
        {model.loadError ? <MessageLine message={model.loadError} /> : null}
        <MessageLine message={model.message} busy={model.busy} />
      </Box>
      <StatusLine keys={keys} store={model.store} width={width} />
    </Box>
  );
}

function encryptionText(model: DashboardModel): string {
  if (!model.loaded) return "reading the saved settings…";
  const enc = model.profile.encryptionState(settingsFromForm(model.saved, model.form));
  return `${enc.encrypted ? "encrypted" : "not encrypted"}: ${enc.reason}`;
}

/** "v": the whole check result, wrapped (the main screen cuts it to one line per item at 80x24). */
function CheckDetails({ check, width, onClose, onCopy }: { check: DashboardModel["check"]; width: number; onClose: () => void; onCopy: () => void }) {
  useInput((input, key) => {
    if (input === "y") onCopy();
    else if (key.escape || key.return || input === "q" || input === "v") onClose();
  });
  return (
    <Dialog title="Test connection: details" footer="y copy the consent URL · Esc close" width={width}>
      {check.error ? <MessageLine message={check.error} /> : null}
      {check.result ? <PermissionTable result={check.result} copyKey="y" /> : null}
    </Dialog>
  );
}
