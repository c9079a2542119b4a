// "v": the whole check result, wrapped and scrolling (the main screen shows one line per item at 80x24): every
// fix line and the full admin-consent URL can be reached, whatever the window's size.
import { useInput } from "ink";
import { Dialog, DIALOG_CHROME_COLUMNS, DIALOG_CHROME_ROWS } from "../components/Dialog.js";
import { permissionTableScrollRows, wrapRows } from "../components/PermissionTable.js";
import { ScrollView, type ScrollRow } from "../components/ScrollView.js";
import { useTheme } from "../components/Theme.js";
import type { CheckState } from "../tui/state/use-dashboard.js";

export interface CheckDetailsProps {
  check: CheckState;
  width: number;
  /** rows the dialog may take, its border included */
  height: number;
  onClose: () => void;
  onCopy: () => void;
}

export function CheckDetails({ check, width, height, onClose, onCopy }: CheckDetailsProps) {
  const t = useTheme();
  useInput((input, key) => {
    if (input === "y") onCopy();
    else if (key.escape || key.return || input === "q" || input === "v") onClose();
  });
  const inner = Math.max(1, width - DIALOG_CHROME_COLUMNS);
  const rows: ScrollRow[] = [];
  if (check.error) {
    rows.push(...wrapRows(` ${check.error.text}`, inner, undefined, { text: t.sym.bad, tone: "bad" }, 2));
    if (check.error.hint) rows.push(...wrapRows(`  hint: ${check.error.hint}`, inner, "muted", undefined, 8));
  }
  if (check.result) rows.push(...permissionTableScrollRows(check.result, t, inner, "y"));
  return (
    <Dialog title="Test connection: details" footer="y copy the consent URL · Esc close" width={width}>
      <ScrollView rows={rows} height={Math.max(2, height - DIALOG_CHROME_ROWS)} />
    </Dialog>
  );
}
