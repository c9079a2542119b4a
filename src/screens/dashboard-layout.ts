// How the dashboard shares its rows: each pane says what its content needs at a width, and the certificate list
// and the check result get what is left. The check result is drawn in full when it fits, else one line per item
// (v shows it in full).
import { MESSAGE_LINE_MAX_ROWS, messageLineRows } from "../components/MessageLine.js";
import { STATUS_LINE_ROWS } from "../components/StatusLine.js";
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
}

export const ROOMY_HEIGHT = 32;
const HEADER_ROWS = 1;
const SAVE_ROWS = 1;

export type LayoutInput = Pick<DashboardModel, "certificates" | "check" | "errors" | "loadError">;

export function dashboardLayout(model: LayoutInput, width: number, height: number): DashboardLayout {
  const roomy = height >= ROOMY_HEIGHT;
  const marginTop = roomy ? 1 : 0;
  const n = model.certificates.length;
  // Everything but the certificate list and the connection pane; the message line keeps room for a hint.
  const others = HEADER_ROWS + azureActiveDirectoryPaneRows(model.errors, width) + SAVE_ROWS + 3 * marginTop + messageLineRows(model.loadError) + MESSAGE_LINE_MAX_ROWS + STATUS_LINE_ROWS;
  const connection = (compact: boolean) => connectionPaneRows(model.check, width, compact);
  const rowsWith = (shown: number, compact: boolean) => others + certificatesPaneRows(n, shown, width) + connection(compact);
  // The list shows as many certificates as fit with the check result one line per item (at least one).
  let certificateRows = Math.max(1, n);
  while (certificateRows > 1 && rowsWith(certificateRows, true) > height) certificateRows--;
  const compact = model.check.result !== undefined && rowsWith(certificateRows, false) > height;
  return { roomy, marginTop, certificateRows, compact };
}
