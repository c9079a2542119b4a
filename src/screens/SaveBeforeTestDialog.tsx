// "Test connection" with unsaved changes: the test uses the saved settings, so save first or test those.
import { Text } from "ink";
import { ChoiceDialog } from "../components/ChoiceDialog.js";

export interface SaveBeforeTestDialogProps {
  width?: number;
  onClose: () => void;
  onSaveThenTest: () => void;
  onTestSaved: () => void;
}

export function SaveBeforeTestDialog({ width, onClose, onSaveThenTest, onTestSaved }: SaveBeforeTestDialogProps) {
  return (
    <ChoiceDialog
      width={width}
      title="Test connection"
      choices={[
        { key: "s", label: "Save, then test", value: "save" },
        { key: "t", label: "Test the saved settings", value: "test" },
      ]}
      onCancel={onClose}
      onChoose={(v) => {
        onClose();
        if (v === "test") onTestSaved();
        else onSaveThenTest();
      }}
    >
      <Text>Test connection uses the saved settings, and your changes are not saved yet.</Text>
    </ChoiceDialog>
  );
}
