// The guide's "Test connection": the buttons, a spinner while it runs, then the permission table.
import { Box, Text } from "ink";
import { Button } from "../components/Button.js";
import { MessageLine, messageLineRows } from "../components/MessageLine.js";
import { PermissionTable, permissionTableRows } from "../components/PermissionTable.js";
import { Spinner } from "../components/Spinner.js";
import { useTheme } from "../components/Theme.js";
import type { CheckState } from "../tui/state/use-dashboard.js";
import { keyFor } from "../tui/state/keymap.js";
import type { FocusId } from "../tui/state/view-model.js";

export interface ConnectionPaneProps {
  check: CheckState;
  autoRecheck: boolean;
  recheckSeconds: number;
  focus: FocusId | undefined;
  /** shows finish times; off in golden screens */
  showTime?: boolean;
  compact?: boolean;
  /** rows for the result when not all of it fits (see dashboard-layout.ts) */
  resultRows?: number;
  marginTop?: number;
}

const COPY_KEY = keyFor("copyConsentUrl");

/** Rows the pane takes at `width` (no margin): the buttons, the check's error, the result table. */
export function connectionPaneRows(check: CheckState, width: number, compact: boolean): number {
  return 1 + (check.error && !check.running ? messageLineRows(check.error) : 0) + (check.result ? permissionTableRows(check.result, width, compact, COPY_KEY) : 0);
}

export function ConnectionPane({ check, autoRecheck, recheckSeconds, focus, showTime = true, compact, resultRows, marginTop = 1 }: ConnectionPaneProps) {
  const t = useTheme();
  const r = check.result;
  let summary = "";
  if (r) summary = r.ok ? `${t.sym.ok} ready` : `${t.sym.bad} not ready`;
  if (r && compact) summary += ` ${t.sym.sep} ${keyFor("details")} details`;
  if (check.finishedAt && showTime) summary += ` ${t.sym.sep} ${check.finishedAt.toTimeString().slice(0, 8)}`;
  return (
    // The results shrink (and are cut) before anything else on the screen; v shows them in full.
    <Box flexDirection="column" marginTop={marginTop} flexShrink={1} overflow="hidden">
      <Box columnGap={1} flexShrink={0}>
        <Button label="Test connection" focused={focus === "testConnection"} />
        <Button label={`Re-check every ${recheckSeconds} s: ${autoRecheck ? "on" : "off"}`} focused={focus === "recheck"} />
        {check.running ? <Spinner label="Testing connection…" /> : <Text wrap="truncate-end">{summary}</Text>}
      </Box>
      {check.error && !check.running ? (
        <Box flexShrink={0}>
          <MessageLine message={check.error} />
        </Box>
      ) : null}
      {r ? <PermissionTable result={r} copyKey={COPY_KEY} compact={compact || resultRows !== undefined} maxRows={resultRows} detailsKey={keyFor("details")} /> : null}
    </Box>
  );
}
