// The whole "Azure Active Directory" pane as the guide shows it, plus dialogs, help and the status line.
// Layout and key handling only: every action goes through the model (src/tui/state/use-dashboard.ts → src/core);
// keys come from the keymap (src/tui/state/keymap.ts), dialogs from the overlay registry (./overlays.tsx).
import { Box, Spacer, Text, useInput } from "ink";
import { useEffect, useRef, useState } from "react";
import { Button } from "../components/Button.js";
import { MESSAGE_LINE_MAX_ROWS, MessageLine, messageLineRows } from "../components/MessageLine.js";
import { StatusLine, statusLineRows } from "../components/StatusLine.js";
import { useTheme } from "../components/Theme.js";
import { DIALOG_STATUS_KEYS, contextOf, keyName, lookUp, statusKeys, type KeyContext, type KeyFlags, type KeyState } from "../tui/state/keymap.js";
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
  const [focus, setFocus] = useState<FocusId>("tenantId");
  const [overlay, setOverlay] = useState<OverlayKind | undefined>(undefined);
  const touched = useRef(false);
  const m = useLatest(model);
  const f = useLatest(focus);
  const o = useLatest({ overlay, modal });
  const hasCert = model.certificates.length > 0;
  const keys = modal || overlay ? [...DIALOG_STATUS_KEYS] : statusKeys(contextOf(focus), keyState(model));
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
    open: setOverlay,
    quitAtOnce: () => o.current.overlay === "quit" || Boolean(o.current.modal),
    onQuit,
  };
  const dispatch = (context: KeyContext, input: string, key: KeyFlags) => {
    const hit = lookUp(context, keyName(input, key), keyState(m.current));
    if (hit) dashboardHandlers(ctx)[hit.action](hit.step);
  };

  // Ctrl+C works everywhere, dialogs included; a second Ctrl+C in the unsaved-changes question quits.
  useInput((input, key) => dispatch("anywhere", input, key));
  // Typing in a text field goes to the field: its context binds no character.
  useInput((input, key) => dispatch(contextOf(f.current), input, key), { isActive: overlay === undefined && !modal });

  const close = () => setOverlay(undefined);
  const panes = (
    <>
      <AzureActiveDirectoryPane
        form={model.form}
        authorityHost={model.authorityHost}
        errors={model.errors}
        focus={model.loaded ? focus : undefined}
        // A key can reach a text field's handler after the focus left it (Ink re-subscribes after the
        // render); only the focused field takes text.
        onChange={(field, value) => {
          if (f.current === field) m.current.setField(field, value);
        }}
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
