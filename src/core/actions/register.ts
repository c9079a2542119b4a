// "Register in Azure...": the Azure Portal part of the guide in one go (src/core/entra/register). Loaded on first
// use: it pulls in msal and the Graph client.
import type { Profile } from "../store/profile.js";
import type { RegisterOptions, RegisterResult } from "../entra/register/index.js";

export type { DeviceCodePrompt, RegisterOptions, RegisterResult, RegisterStep } from "../entra/register/index.js";

export async function register(profile: Profile, opts: RegisterOptions): Promise<RegisterResult> {
  const { registerWithProfile } = await import("../entra/register/index.js");
  return registerWithProfile(profile, opts);
}
