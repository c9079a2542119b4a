// "Register in Azure...": signs in with a device code, creates or updates the app registration in the saved
// tenant (core/actions/register), then shows the IDs core saved and the check it ran. It holds the action slot
// and keeps "Test connection" from running meanwhile, since both sign in with the profile.
import { register as registerAction } from "../../core/actions/register.js";
import type { DeviceCodePrompt, RegisterOptions, RegisterResult, RegisterStep } from "../../core/entra/register/index.js";
import type { CertificateView, Profile, Settings } from "../../core/store/profile.js";
import type { Message } from "../../present/message.js";
import { registerOutcome } from "../../present/register.js";
import { dashboardStep } from "./next-steps.js";
import { toMessage } from "./to-message.js";
import type { ActionRunner } from "./use-action-runner.js";
import type { ConnectionCheck } from "./use-connection-check.js";
import { registerBlocker } from "./view-model.js";

/** Runs "Register in Azure..." for a profile; the default is src/core/actions/register.ts. */
export type Registrar = (profile: Profile, opts: RegisterOptions) => Promise<RegisterResult>;

/** What the register flow listens to while a registration runs. */
export interface RegisterRun {
  onDeviceCode: (prompt: DeviceCodePrompt) => void;
  onStep: (step: RegisterStep) => void;
  /** abort = cancel */
  signal: AbortSignal;
}

/** A finished registration, or the reason it did not start (bad input, another action running). */
export type RegisterOutcome = { ok: true; result: RegisterResult; message: Message } | { ok: false; message: Message };

export interface Registration {
  /** why "Register in Azure..." cannot start (no active certificate, no saved Tenant ID…), or undefined */
  registerBlocker(): Message | undefined;
  /** registers the app in the saved tenant; on success the saved IDs are reloaded and the check is shown */
  register(run: RegisterRun): Promise<RegisterOutcome>;
}

/** What registering reads from the rest of the dashboard, as of this render. */
export interface RegistrationInputs {
  certificates: CertificateView[];
  saved: Settings;
  dirty: boolean;
  loadError?: Message;
  showSaved(settings: Settings): void;
}

function defaultRegistrar(profile: Profile, opts: RegisterOptions): Promise<RegisterResult> {
  return registerAction(profile, opts);
}

export function useRegistration(profile: Profile, runner: ActionRunner, connection: ConnectionCheck, inputs: RegistrationInputs, registrar: Registrar = defaultRegistrar): Registration {
  const { certificates, saved, dirty, loadError } = inputs;
  return {
    registerBlocker: () => registerBlocker({ certificates, saved, dirty, loadError }),

    register: async (r) => {
      if (!runner.isFree() || connection.isRunning())
        return { ok: false, message: { kind: "warn", text: "another action is running: try again when it has finished" } };
      runner.claim("Registering in Azure…");
      connection.claim();
      runner.notify(undefined);
      try {
        const result = await registrar(profile, { onDeviceCode: r.onDeviceCode, onStep: r.onStep, signal: r.signal });
        // The core saved Tenant ID / Application ID into the profile: show what is saved now.
        if (result.changed || result.applicationId) {
          const s = await profile.readSettings().catch(() => undefined);
          if (s) inputs.showSaved(s);
        }
        if (result.check) connection.show(result.check);
        const message = registerOutcome(result, dashboardStep);
        runner.notify(message);
        return { ok: true, result, message };
      } catch (e) {
        const message = toMessage(e);
        runner.notify(message);
        return { ok: false, message };
      } finally {
        runner.release();
        connection.release();
      }
    },
  };
}
