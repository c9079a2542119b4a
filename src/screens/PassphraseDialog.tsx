// The vault's passphrase, asked in a masked dialog when the file vault must be opened (no keychain), or set
// (asked twice) when the first key goes into a new vault.
import { Text } from "ink";
import { useState } from "react";
import { PromptDialog } from "../components/PromptDialog.js";
import { newPassphraseProblem } from "../present/passphrase.js";
import type { PassphrasePurpose } from "../tui/state/use-passphrase-prompt.js";

export interface PassphraseDialogProps {
  purpose: PassphrasePurpose;
  vaultPath: string;
  onSubmit: (passphrase: string) => void;
  onCancel: () => void;
  width?: number;
}

export function PassphraseDialog({ purpose, vaultPath, onSubmit, onCancel, width }: PassphraseDialogProps) {
  const [first, setFirst] = useState<string | undefined>(undefined);
  if (purpose === "unlock")
    return (
      <PromptDialog title="Unlock the vault" label="Vault passphrase" masked width={width} validate={(v) => (v === "" ? "the passphrase is empty" : true)} onSubmit={onSubmit} onCancel={onCancel}>
        <Text>{`The private keys of this profile are in ${vaultPath}.`}</Text>
      </PromptDialog>
    );
  if (first === undefined)
    return (
      <PromptDialog
        key="new"
        title="Create the vault"
        label="New vault passphrase"
        masked
        width={width}
        validate={newPassphraseProblem}
        onSubmit={setFirst}
        onCancel={onCancel}
      >
        <Text>{`No desktop keychain here: private keys go into ${vaultPath}, encrypted with this passphrase.`}</Text>
      </PromptDialog>
    );
  return (
    <PromptDialog
      key="repeat"
      title="Create the vault"
      label="Repeat the passphrase"
      masked
      width={width}
      validate={(v) => (v === first ? true : "the passphrases differ: type the same passphrase again")}
      onSubmit={onSubmit}
      onCancel={onCancel}
    />
  );
}
