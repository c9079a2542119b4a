// Core's next steps (typed actions) as the dashboard names them: the key to press and what it does, both read
// from the keymap (keymap.ts), so a key changed there changes here too.
import type { InputField, NextStep, NextStepAction, SettingField } from "../../core/errors.js";
import { composeHint, type StepRenderer, type StepWords } from "../../present/error-report.js";
import { keyHelp, type ActionId } from "./keymap.js";

/** Core's actions the dashboard runs with one key, as the keymap's action ids. */
export const STEP_ACTIONS = {
  generateCertificate: "generate",
  importCertificate: "import",
  activateCertificate: "activate",
  register: "register",
} as const satisfies Partial<Record<NextStepAction, ActionId>>;

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

const press = (action: ActionId) => {
  const k = keyHelp(action);
  return `press ${k.key} to ${k.label}`;
};
const words = (text: string): StepWords => ({ text, joiner: ": ", lead: text.charAt(0).toUpperCase() + text.slice(1) });

export const dashboardStep: StepRenderer = (step: NextStep): StepWords => {
  switch (step.action) {
    case "generateCertificate":
    case "importCertificate":
    case "activateCertificate":
      return words(press(STEP_ACTIONS[step.action]));
    case "register":
      return { text: press("register"), joiner: ": ", lead: `Press ${keyHelp("register").key} to register again` };
    case "listCertificates":
      return words("see the Certificates list");
    case "overwrite":
      return words("confirm when asked to replace it");
    case "setField":
      return words(`edit ${FIELD_LABELS[step.field]}${step.example !== undefined ? ` (e.g. ${step.example})` : ""}, then ${press("save")}`);
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
