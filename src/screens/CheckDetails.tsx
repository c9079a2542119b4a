// "v": the whole check result, wrapped (the main screen cuts it to one line per item at 80x24).
import { useInput } from "ink";
import { Dialog } from "../components/Dialog.js";
import { MessageLine } from "../components/MessageLine.js";
import { PermissionTable } from "../components/PermissionTable.js";
import type { CheckState } from "../tui/state/use-dashboard.js";

export interface CheckDetailsProps {
  check: CheckState;
  width: number;
  onClose: () => void;
  onCopy: () => void;
}

export function CheckDetails({ check, width, onClose, onCopy }: CheckDetailsProps) {
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
