// "v": the whole check result, wrapped (the main screen cuts it to one line per item at 80x24).
import { Dialog } from "../components/Dialog.js";
import { MessageLine } from "../components/MessageLine.js";
import { PermissionTable } from "../components/PermissionTable.js";
import { useKeyStream } from "../components/use-key-stream.js";
import type { CheckState } from "../tui/state/use-dashboard.js";

export interface CheckDetailsProps {
  check: CheckState;
  width: number;
  onClose: () => void;
  onCopy: () => void;
}

export function CheckDetails({ check, width, onClose, onCopy }: CheckDetailsProps) {
  useKeyStream((k) => {
    if (k.name === "y" && !k.ctrl && !k.alt) onCopy();
    else if (k.name === "escape" || k.name === "enter" || k.name === "q" || k.name === "v") onClose();
  });
  return (
    <Dialog title="Test connection: details" footer="y copy the consent URL · Esc close" width={width}>
      {check.error ? <MessageLine message={check.error} /> : null}
      {check.result ? <PermissionTable result={check.result} copyKey="y" /> : null}
    </Dialog>
  );
}
