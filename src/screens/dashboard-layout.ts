// How the dashboard shares its rows: each pane says what its content needs at a width, and the certificate list
// and the check result get what is left. The check result is drawn in full when it fits, else one line per item,
// else as many items as fit and a line saying how many more v shows (it scrolls). Below what that needs, the
// screen says the window is too small instead of cutting something off.
import { MESSAGE_LINE_MAX_ROWS, messageLineRows } from "../components/MessageLine.js";
import { permissionTableRows } from "../components/PermissionTable.js";
import type { DashboardModel } from "../tui/state/use-dashboard.js";
import { azureActiveDirectoryPaneRows } from "./AzureActiveDirectoryPane.js";
import { certificatesPaneRows } from "./CertificatesPane.js";
import { connectionPaneRows } from "./ConnectionPane.js";

export interface DashboardLayout {
  /** below this height every row counts: no blank line between the panes */
  roomy: boolean;
  /** blank rows above the certificates, the connection pane and Save */
  marginTop: number;
  /** certificates shown at once (the list scrolls) */
  certificateRows: number;
  /** the check result one line per item */
  compact: boolean;
  /** rows for the check result when not all its items fit (the last one says how many more there are) */
  resultRows?: number;
  /** rows the panes need at least at this width (the screen's height below the title line included) */
  minHeight: number;
  /** false: the window is too small for the dashboard (see MIN_WIDTH and minHeight) */
  fits: boolean;
}

export const ROOMY_HEIGHT = 32;
/** The narrowest width that shows a GUID next to its label and the certificate list without cutting them. */
export const MIN_WIDTH = 56;
const HEADER_ROWS = 1;
const SAVE_ROWS = 1;
/** at least the sign-in row and the "more: v details" row of a check result */
const MIN_RESULT_ROWS = 2;

export type LayoutInput = Pick<DashboardModel, "certificates" | "check" | "errors" | "loadError">;

/** `statusRows`: what the status line takes at this width (it wraps; see StatusLine). */
export function dashboardLayout(model: LayoutInput, width: number, height: number, statusRows = 2): DashboardLayout {
  const roomy = height >= ROOMY_HEIGHT;
  const marginTop = roomy ? 1 : 0;
  const n = model.certificates.length;
  // Everything but the certificate list and the connection pane; the message line keeps room for a hint.
  const others = (margin: number) => HEADER_ROWS + azureActiveDirectoryPaneRows(model.errors, width) + SAVE_ROWS + 3 * margin + messageLineRows(model.loadError) + MESSAGE_LINE_MAX_ROWS + statusRows;
  const connection = (compact: boolean) => connectionPaneRows(model.check, width, compact);
  const rowsWith = (shown: number, compact: boolean, margin = marginTop) => others(margin) + certificatesPaneRows(n, shown, width) + connection(compact);
  // The list shows as many certificates as fit with the check result one line per item (at least one).
  let certificateRows = Math.max(1, n);
  while (certificateRows > 1 && rowsWith(certificateRows, true) > height) certificateRows--;
  const result = model.check.result;
  const compact = result !== undefined && rowsWith(certificateRows, false) > height;
  let resultRows: number | undefined;
  // the least: no blank rows between the panes (as below ROOMY_HEIGHT), one certificate, the result cut short
  let minHeight = rowsWith(1, true, 0);
  if (result) {
    const items = permissionTableRows(result, width, true);
    const withoutResult = rowsWith(certificateRows, true) - items;
    const room = height - withoutResult;
    if (room < items) resultRows = Math.max(MIN_RESULT_ROWS, room);
    minHeight = rowsWith(1, true, 0) - items + Math.min(items, MIN_RESULT_ROWS);
  }
  return { roomy, marginTop, certificateRows, compact, resultRows, minHeight, fits: width >= MIN_WIDTH && height >= minHeight };
}
