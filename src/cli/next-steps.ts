// Core's next steps (typed actions) as the command line names them: commands and flags.
import type { InputField, NextStep, SettingField } from "../core/errors.js";
import { composeHint, type StepRenderer, type StepWords } from "../present/error-report.js";

/** The option that sets a field, on `config set` (settings) or on the command that failed (inputs). */
export const FLAGS: Readonly<Record<SettingField | InputField, string>> = {
  tenantId: "--tenant-id",
  applicationId: "--application-id",
  cloud: "--cloud",
  authorityHost: "--authority-host",
  graphHost: "--graph-host",
  encryption: "--encryption",
  profile: "--profile",
  keySize: "--key-size",
  subject: "--subject",
  days: "--days",
  name: "--name",
  clientId: "--client-id",
};

/** An example value as typed in a shell: quoted when it is more than a plain word. */
const shellWord = (v: string): string => (/^[\w.:/@-]+$/.test(v) ? v : `"${v.replace(/(["\\$`])/g, "\\$1")}"`);

const command = (cmd: string, again = false): StepWords => ({ text: cmd, joiner: " with: ", lead: `Run ${cmd}${again ? " again" : ""}` });
const clause = (text: string): StepWords => ({ text, joiner: "; ", lead: text.charAt(0).toUpperCase() + text.slice(1) });

export const cliStep: StepRenderer = (step: NextStep): StepWords => {
  switch (step.action) {
    case "generateCertificate":
      return command("ibi-entra cert generate");
    case "importCertificate":
      return command("ibi-entra cert import FILE");
    case "listCertificates":
      return command("ibi-entra cert list");
    case "activateCertificate":
      return command("ibi-entra cert activate THUMBPRINT");
    case "overwrite":
      return clause("pass --force");
    case "setField":
      return command(`ibi-entra config set ${FLAGS[step.field]} ${step.example !== undefined ? shellWord(step.example) : "VALUE"}`);
    case "setInput":
      return step.example !== undefined
        ? { text: `${FLAGS[step.field]} ${shellWord(step.example)}`, joiner: ", e.g. ", lead: `Pass ${FLAGS[step.field]} ${shellWord(step.example)}` }
        : clause(`pass ${FLAGS[step.field]}`);
    case "unlockVault":
      return clause("enter the vault passphrase when asked, or set IBI_ENTRA_VAULT_PASSPHRASE");
    case "setEnv":
      return clause(`set ${step.name}${step.value !== undefined ? `=${step.value}` : ""}`);
    case "grantConsent":
      return clause(`have an administrator open ${step.url}`);
    case "register":
      return command("ibi-entra register", true);
  }
};

/** The hint as the CLI prints it: core's words with its steps as commands and flags. */
export function cliHint(hint: string | null | undefined, next: readonly NextStep[] | undefined): string | undefined {
  return composeHint(hint, next, cliStep);
}
