// "Quit with unsaved changes?": save and quit, quit without saving, or stay (the default).
import { Text } from "ink";
import { ChoiceDialog } from "../components/ChoiceDialog.js";

export interface QuitDialogProps {
  width?: number;
  onClose: () => void;
  onSaveAndQuit: () => void;
  onQuit: () => void;
}

export function QuitDialog({ width, onClose, onSaveAndQuit, onQuit }: QuitDialogProps) {
  return (
    <ChoiceDialog
      width={width}
      title="Quit with unsaved changes?"
      choices={[
        { key: "s", label: "Save and quit", value: "save" },
        { key: "q", label: "Quit without saving", value: "quit" },
        { key: "n", label: "Stay", value: "stay" },
      ]}
      initial={2}
      onCancel={onClose}
      onChoose={(v) => {
        onClose();
        if (v === "quit") onQuit();
        else if (v === "save") onSaveAndQuit();
      }}
    >
      <Text>Tenant ID, Application ID or the cloud were changed and not saved.</Text>
    </ChoiceDialog>
  );
}
