// Shapes of one-command registration: the steps it reports while it runs (the Azure Portal part of the setup
// guide, done through Microsoft Graph) and the result the CLI and the dashboard render.
import type { CheckResult } from "../check.js";
import type { ExitCodeValue, NextStep } from "../../errors.js";

/** Microsoft Azure CLI's public client id: a first-party app every tenant knows, allowed to use the device code flow. */
export const AZURE_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
/** Environment variable naming another public client (an app registration with "Allow public client flows"). */
export const CLIENT_ID_ENV = "IBI_ENTRA_REGISTER_CLIENT_ID";
export const DEFAULT_APP_NAME = "IBI-helpMe";
/** Delegated Graph permissions the signing-in admin grants the public client (short names). */
export const DELEGATED_SCOPES = ["Application.ReadWrite.All", "AppRoleAssignment.ReadWrite.All"] as const;

/** Directory roles, by the names the portal shows, that the Graph calls need. */
export const APP_ADMIN_ROLES = ["Application Administrator", "Cloud Application Administrator", "Global Administrator"] as const;
export const CONSENT_ROLES = ["Privileged Role Administrator", "Global Administrator"] as const;

export type RegisterStepId = "sign-in" | "lookup" | "application" | "settings" | "certificate" | "permissions" | "service-principal" | "consent" | "check";

/** What a step did: `running` while it runs; `done` for steps that change nothing by nature (sign-in, look-ups, the check). */
export type RegisterStepStatus = "pending" | "running" | "created" | "updated" | "unchanged" | "done" | "failed" | "skipped";

export interface RegisterStep {
  id: RegisterStepId;
  /** the guide's wording, e.g. "Register application" */
  title: string;
  status: RegisterStepStatus;
  /** one line: what was created/changed, or why it failed */
  detail?: string;
}

export const STEP_TITLES: Record<RegisterStepId, string> = {
  "sign-in": "Sign in as a tenant administrator (device code)",
  lookup: "Look up Microsoft Graph's application permissions",
  application: "Register application",
  settings: "Save Tenant ID and Application ID",
  certificate: "Upload certificate (Certificates & secrets)",
  permissions: "API permissions Device.Read.All, User.Read.All, GroupMember.Read.All",
  "service-principal": "Service principal (Enterprise application)",
  consent: "Grant admin consent",
  check: "Test connection",
};

export const STEP_ORDER: readonly RegisterStepId[] = ["sign-in", "lookup", "application", "settings", "certificate", "permissions", "service-principal", "consent", "check"];

/** What to show the admin so they can sign in on another device. */
export interface DeviceCodePrompt {
  /** https URL (checked), e.g. https://microsoft.com/devicelogin */
  verificationUri: string;
  userCode: string;
  expiresAt: Date;
  /** polling interval in seconds */
  interval: number;
  /** Entra's own sentence, control characters removed */
  message: string;
}

/** The signed-in administrator, from the delegated token's claims. */
export interface RegisterAdmin {
  tenantId: string;
  userPrincipalName: string | null;
  displayName: string | null;
  /** built-in directory roles recognised in `wids`, by name */
  roles: string[];
  /** delegated scopes granted (scp) */
  scopes: string[];
}

export interface RegisterFailure {
  step: RegisterStepId;
  /** e.g. "Authorization_RequestDenied", "device_code_expired", "network", "application_not_found" */
  code: string;
  message: string;
  hint: string | null;
  /** the hint's steps as typed actions, for each front end to word (a command, a key) */
  next?: readonly NextStep[];
  /** HTTP status of the failing Graph or STS answer, when there was one */
  status: number | null;
  exitCode: ExitCodeValue;
}

export interface RegisterResult {
  /** registered, consented, and the check passed */
  ok: boolean;
  /** anything created or updated, in the tenant or in the profile */
  changed: boolean;
  tenantId: string | null;
  applicationId: string | null;
  applicationObjectId: string | null;
  servicePrincipalId: string | null;
  displayName: string | null;
  admin: RegisterAdmin | null;
  /** every step in order, with its final status (`pending` = not reached) */
  steps: RegisterStep[];
  error: RegisterFailure | null;
  check: CheckResult | null;
  exitCode: ExitCodeValue;
}
