// Core's next steps (typed actions) as the dashboard names them: the key to press and the button it triggers.
// TODO(keymap): the key/label table below should come from src/tui/state/keymap.ts once it exists.
import type { InputField, NextStep, NextStepAction, SettingField } from "../../core/errors.js";
import { composeHint, type StepRenderer, type StepWords } from "../../present/error-report.js";

/** Actions the dashboard triggers with one key (see DashboardScreen's key handler). */
export const STEP_KEYS: Readonly<Partial<Record<NextStepAction, { key: string; label: string }>>> = {
  generateCertificate: { key: "g", label: "Generate" },
  importCertificate: { key: "i", label: "Import..." },
  activateCertificate: { key: "a", label: "Activate" },
  register: { key: "R", label: "Register in Azure..." },
};
const SAVE = { key: "s", label: "Save" };

/** How the dashboard labels a field (the form's labels; inputs of a dialog). */
const FIELD_LABELS: Readonly<Record<SettingField | InputField, string>> = {
  tenantId: "Tenant ID",
  applicationId: "Application ID",
  cloud: "Cloud",
  authorityHost: "the authority host",
  graphHost: "the Graph host",
  encryption: "the encryption setting",
  profile: "the profile",
  keySize: "the key size",
  subject: "the subject",
  days: "the validity (days)",
  name: "the name",
  clientId: "the sign-in client",
};

const press = (k: { key: string; label: string }) => `press ${k.key} to ${k.label}`;
const words = (text: string): StepWords => ({ text, joiner: ": ", lead: text.charAt(0).toUpperCase() + text.slice(1) });

export const dashboardStep: StepRenderer = (step: NextStep): StepWords => {
  const k = STEP_KEYS[step.action];
  switch (step.action) {
    case "generateCertificate":
    case "importCertificate":
    case "activateCertificate":
      return words(press(k!));
    case "register":
      return { text: press(k!), joiner: ": ", lead: `Press ${k!.key} to register again` };
    case "listCertificates":
      return words("see the Certificates list");
    case "overwrite":
      return words("confirm when asked to replace it");
    case "setField":
      return words(`edit ${FIELD_LABELS[step.field]}${step.example !== undefined ? ` (e.g. ${step.example})` : ""}, then ${press(SAVE)}`);
    case "setInput":
      return words(`change ${FIELD_LABELS[step.field]}${step.example !== undefined ? `, e.g. ${step.example}` : ""}`);
    case "unlockVault":
      return words("enter the vault passphrase when the dashboard asks for it");
    case "setEnv":
      return words(`set ${step.name}${step.value !== undefined ? `=${step.value}` : ""} and start ibi-entra again`);
    case "grantConsent":
      return words(`have an administrator open ${step.url}`);
  }
};

/** The hint as the dashboard shows it: core's words with its steps as keys. */
export function dashboardHint(hint: string | null | undefined, next: readonly NextStep[] | undefined): string | undefined {
  return composeHint(hint, next, dashboardStep);
}
