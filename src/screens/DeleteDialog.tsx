// "Delete certificate?": the answer defaults to Keep; the active certificate is called out.
import { Text } from "ink";
import { ChoiceDialog } from "../components/ChoiceDialog.js";
import { useTheme } from "../components/Theme.js";
import type { CertificateView } from "../core/store/profile.js";

export interface DeleteDialogProps {
  certificate: CertificateView;
  width?: number;
  onClose: () => void;
  onDelete: () => void;
}

export function DeleteDialog({ certificate: cert, width, onClose, onDelete }: DeleteDialogProps) {
  const t = useTheme();
  return (
    <ChoiceDialog
      width={width}
      title={`Delete certificate ${cert.thumbprintSha1}?`}
      choices={[
        { key: "y", label: "Delete", value: "yes" },
        { key: "n", label: "Keep", value: "no" },
      ]}
      initial={1}
      onCancel={onClose}
      onChoose={(v) => {
        onClose();
        if (v === "yes") onDelete();
      }}
    >
      <Text>{`${cert.subject}, expires ${cert.notAfter.slice(0, 10)}. Its private key is removed from the ${cert.store === "keychain" ? "keychain" : "vault"}; this cannot be undone.`}</Text>
      {cert.active ? <Text>{`${t.sym.warn} It is the active certificate: IBI-aws cannot sign in until another one is active.`}</Text> : null}
    </ChoiceDialog>
  );
}
