// "v": the whole check result, wrapped and scrolling (the main screen shows one line per item at 80x24): every
// fix line and the full admin-consent URL can be reached, whatever the window's size.
import { Dialog, DIALOG_CHROME_COLUMNS, DIALOG_CHROME_ROWS } from "../components/Dialog.js";
import { permissionTableScrollRows, wrapRows } from "../components/PermissionTable.js";
import { ScrollView, type ScrollRow } from "../components/ScrollView.js";
import { useTheme } from "../components/Theme.js";
import { useKeyStream } from "../components/use-key-stream.js";
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
  useKeyStream((k) => {
    if (k.name === "y" && !k.ctrl && !k.alt) onCopy();
    else if (k.name === "escape" || k.name === "enter" || k.name === "q" || k.name === "v") onClose();
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
