// The whole "Azure Active Directory" pane as the guide shows it, plus dialogs, help and the status line.
// Layout and key handling only: every action goes through the model (src/tui/state/use-dashboard.ts → src/core);
// keys come from the keymap (src/tui/state/keymap.ts), dialogs from the overlay registry (./overlays.tsx).
import { Box, Spacer, Text } from "ink";
import { useEffect, useRef, useState } from "react";
import { Button } from "../components/Button.js";
import type { Key } from "../components/keys.js";
import { MESSAGE_LINE_MAX_ROWS, MessageLine, messageLineRows } from "../components/MessageLine.js";
import { StatusLine, statusLineRows } from "../components/StatusLine.js";
import { useTheme } from "../components/Theme.js";
import { useKeyStream } from "../components/use-key-stream.js";
import { useLineEdit } from "../components/use-line-edit.js";
import { DIALOG_STATUS_KEYS, contextOf, lookUp, statusKeys, streamKeyName, type KeyContext, type KeyState } from "../tui/state/keymap.js";
import type { DashboardModel } from "../tui/state/use-dashboard.js";
import { useLatest } from "../tui/state/use-latest.js";
import { focusable, type FocusId } from "../tui/state/view-model.js";
import { needsConsent } from "../present/permission-rows.js";
import { AzureActiveDirectoryPane } from "./AzureActiveDirectoryPane.js";
import { CertificatesPane } from "./CertificatesPane.js";
import { ConnectionPane } from "./ConnectionPane.js";
import { dashboardHandlers, validForm, type HandlerContext } from "./dashboard-handlers.js";
import { MIN_WIDTH, dashboardLayout } from "./dashboard-layout.js";
import { OVERLAYS, type OverlayKind } from "./overlays.js";

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
  const [focus, setFocusState] = useState<FocusId>("tenantId");
  const [editing, setEditingState] = useState(true);
  const [overlay, setOverlayState] = useState<OverlayKind | undefined>(undefined);
  const touched = useRef(false);
  const m = useLatest(model);
  // Focus, editing and the open dialog as of the last key, for the next key of the same read (not the last render).
  const f = useRef<FocusId>("tenantId");
  const isEditing = useRef(true);
  const openOverlay = useRef<OverlayKind | undefined>(undefined);
  const modalShown = useLatest(Boolean(modal));
  const setFocus = (next: FocusId) => {
    f.current = next;
    isEditing.current = true;
    setFocusState(next);
    setEditingState(true);
  };
  const setEditing = (on: boolean) => {
    isEditing.current = on;
    setEditingState(on);
  };
  const setOverlay = (next: OverlayKind | undefined) => {
    openOverlay.current = next;
    setOverlayState(next);
  };
  // The text fields' edit state (value and cursor as of the last key); a key reaches only the focused one.
  const editors = {
    tenantId: useLineEdit(model.form.tenantId, (v) => f.current === "tenantId" && m.current.setField("tenantId", v)),
    applicationId: useLineEdit(model.form.applicationId, (v) => f.current === "applicationId" && m.current.setField("applicationId", v)),
  };
  const fieldEditor = (id: FocusId) => (id === "tenantId" || id === "applicationId" ? editors[id] : undefined);
  const hasCert = model.certificates.length > 0;
  const keys =
    modal || overlay
      ? [...DIALOG_STATUS_KEYS]
      : statusKeys(contextOf(focus, editing), { ...keyState(model), fieldEmpty: fieldEditor(focus)?.current().value === "" });
  const statusRows = statusLineRows(keys, model.store, width);
  const layout = dashboardLayout(model, width, height, statusRows);
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

  const ctx: HandlerContext = {
    model: () => m.current,
    focus: () => f.current,
    go: (next) => {
      touched.current = true;
      setFocus(next);
    },
    setEditing: (on) => {
      touched.current = true;
      setEditing(on);
    },
    open: setOverlay,
    quitAtOnce: () => openOverlay.current === "quit" || modalShown.current,
    onQuit,
  };
  const dispatch = (context: KeyContext, k: Key, fieldEmpty = false): boolean => {
    const hit = lookUp(context, streamKeyName(k), { ...keyState(m.current), fieldEmpty });
    if (hit) dashboardHandlers(ctx)[hit.action](hit.step);
    return hit !== undefined;
  };

  // One handler, each key in order, routed by the focus as the key before it left it ("GUID⏎" in one read:
  // the ID into the field, then Enter moves on). Ctrl+C works everywhere, dialogs included (they read their
  // own keys); a second Ctrl+C in the unsaved-changes question quits.
  useKeyStream((k) => {
    if (dispatch("anywhere", k)) return;
    if (openOverlay.current !== undefined || modalShown.current) return;
    const context = contextOf(f.current, isEditing.current);
    const editor = context === "field" ? fieldEditor(f.current) : undefined;
    const empty = editor?.current().value === "";
    // ? in an empty field opens the help (an ID never starts with ?); F1 always does
    if (editor && !(empty && k.name === "?") && editor.handle(k)) return;
    dispatch(context, k, empty);
  });

  const close = () => setOverlay(undefined);
  const panes = (
    <>
      <AzureActiveDirectoryPane
        form={model.form}
        authorityHost={model.authorityHost}
        errors={model.errors}
        focus={model.loaded ? focus : undefined}
        editing={editing}
        editors={editors}
      />
      <CertificatesPane certificates={model.certificates} selected={model.selected} focus={focus} width={width} maxRows={layout.certificateRows} marginTop={layout.marginTop} />
      <ConnectionPane
        check={model.check}
        autoRecheck={model.autoRecheck}
        recheckSeconds={model.recheckSeconds}
        focus={focus}
        showTime={showTime}
        compact={layout.compact}
        resultRows={layout.resultRows}
        marginTop={layout.marginTop}
      />
      <Box marginTop={layout.marginTop} flexShrink={0}>
        <Box flexShrink={0}>
          <Button label="Save" focused={focus === "save"} />
          <Text> </Text>
        </Box>
        <Text color={t.tone("muted")} wrap="truncate-end">
          {model.encryptionText}
        </Text>
      </Box>
    </>
  );
  const dialog =
    overlay &&
    // eslint-disable-next-line react-hooks/refs -- latest() and validForm() are called from the dialogs' key handlers, never while rendering
    OVERLAYS[overlay]({
      model,
      latest: () => m.current,
      keyState: keyState(model),
      width: Math.min(width, 100),
      height: Math.max(1, height - 1 - messageLineRows(model.loadError) - MESSAGE_LINE_MAX_ROWS - statusRows),
      close,
      onQuit,
      validForm: () => validForm(ctx),
    });
  const body = modal || dialog || panes;

  // The admin's window (the screen is one row shorter than it; see DashboardApp).
  if (!layout.fits) {
    // what the dashboard needs at the width it would get (at least the narrowest it can be drawn at)
    const at = Math.max(width, MIN_WIDTH);
    const needs = at === width ? layout.minHeight : dashboardLayout(model, at, height, statusLineRows(keys, model.store, at)).minHeight;
    return <TooSmall columns={width} rows={height + 1} needs={{ columns: at, rows: needs + 1 }} />;
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box flexShrink={0}>
        <Text bold wrap="truncate-end">{`ibi-entra ${t.sym.sep} Azure Active Directory ${t.sym.sep} profile ${model.profileName}${model.demo ? " [demo]" : ""}`}</Text>
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

/**
 * Below what the layout needs: a plain note instead of a screen with parts cut off. Keys keep working (q quits,
 * Ctrl+C too), and the dashboard is drawn again as soon as the window is large enough.
 */
function TooSmall({ columns, rows, needs }: { columns: number; rows: number; needs: { columns: number; rows: number } }) {
  return (
    <Box flexDirection="column" width={columns}>
      <Text wrap="wrap">{`window too small: ${columns}x${rows}, needs ${Math.max(columns, needs.columns)}x${Math.max(rows, needs.rows)}`}</Text>
      <Text wrap="wrap">make the window (or the tmux pane) larger; Ctrl+C quits</Text>
    </Box>
  );
}

/** What the keymap's "when" reads. */
function keyState(model: DashboardModel): KeyState {
  const r = model.check.result;
  return {
    hasCertificate: model.selectedCertificate !== undefined,
    demo: model.demo,
    hasCheck: Boolean(r || model.check.error),
    consentNeeded: r !== undefined && needsConsent(r),
  };
}
