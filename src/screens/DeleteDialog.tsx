// "Delete certificate?": the answer defaults to Keep; the active and the last certificate are called out.
import { Text } from "ink";
import { ChoiceDialog } from "../components/ChoiceDialog.js";
import { useTheme } from "../components/Theme.js";
import type { CertificateView } from "../core/store/profile.js";

export interface DeleteDialogProps {
  certificate: CertificateView;
  /** it is the profile's only certificate: nothing can sign in afterwards, and the configuration is no longer encrypted */
  last?: boolean;
  width?: number;
  onClose: () => void;
  onDelete: () => void;
}

export function DeleteDialog({ certificate: cert, last, width, onClose, onDelete }: DeleteDialogProps) {
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
      {last ? <Text>{`${t.sym.warn} It is the last certificate: nothing can sign in afterwards, and the saved configuration is no longer encrypted.`}</Text> : null}
    </ChoiceDialog>
  );
}
