// "Import...": a PFX/P12 (with its password) or a PEM holding the certificate and its private key.
import { Text } from "ink";
import { useState } from "react";
import { PromptDialog } from "../components/PromptDialog.js";
import type { PasswordKind } from "../core/actions/import.js";

export interface ImportFlowProps {
  profileDir: string;
  /** the import action's detection: which password the file needs, if any (a PFX, an encrypted PEM key) */
  needsPassword: (path: string) => Promise<PasswordKind | undefined>;
  importFile: (path: string, password: string | undefined) => Promise<boolean>;
  onClose: () => void;
  width?: number;
}

type Step = { kind: "path" } | { kind: "password"; path: string; password: PasswordKind };

export function ImportFlow({ profileDir, needsPassword, importFile, onClose, width }: ImportFlowProps) {
  const [step, setStep] = useState<Step>({ kind: "path" });
  if (step.kind === "path")
    return (
      <PromptDialog
        key="path"
        title="Import..."
        label="File"
        width={width}
        initialValue={`${profileDir}/`}
        validate={(v) => (v.trim() === "" || v.endsWith("/") ? "give the path of a .pfx/.p12 or .pem file" : true)}
        onCancel={onClose}
        onSubmit={(path) =>
          void needsPassword(path).then((need) => (need ? setStep({ kind: "password", path, password: need }) : void importFile(path, undefined).then(onClose)))
        }
      >
        <Text>A .pfx/.p12 with its password, or a PEM file with the certificate and its private key.</Text>
      </PromptDialog>
    );
  return (
    <PromptDialog
      key="password"
      title="Import..."
      label="Password"
      masked
      width={width}
      onCancel={onClose}
      onSubmit={(password) => void importFile(step.path, password).then(onClose)}
    >
      <Text>{step.password === "pfx" ? `The password ${step.path} was exported with.` : `The private key in ${step.path} is encrypted: the password it was encrypted with.`}</Text>
    </PromptDialog>
  );
}
