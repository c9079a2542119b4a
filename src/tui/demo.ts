// `ibi-entra --demo`: the simulator in-process with its sample tenant, a throw-away profile already holding the
// sample Tenant ID and Application ID, keys in a file vault with a random passphrase, and two demo-only
// actions (upload the certificate, grant consent) standing in for the Azure Portal steps.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CheckResult } from "../core/entra/types.js";
import { REQUIRED_PERMISSIONS } from "../core/clouds.js";
import { IbiError } from "../core/errors.js";
import type { DashboardErrorCode } from "./state/errors.js";
import { Profile, resolveProfileLocation, type ProfileLocation } from "../core/store/profile.js";
import type { DemoActions, Registrar } from "./state/use-dashboard.js";
import type { SimulatorState } from "../simulator/index.js";

export interface DemoSetup {
  env: NodeJS.ProcessEnv;
  location: ProfileLocation;
  actions: DemoActions;
  testConnection: (profile: Profile) => Promise<CheckResult>;
  /** "Register in Azure..." against the simulator (its device codes are approved on the 2nd poll) */
  register: Registrar;
  /** the simulator's state, for tests that play the portal's part themselves */
  simulator: { baseUrl: string; caPem: string; update: (mutator: (s: SimulatorState) => void) => Promise<void> };
  close(): Promise<void>;
}

export async function startDemo(baseEnv: NodeJS.ProcessEnv): Promise<DemoSetup> {
  const tmp = mkdtempSync(join(tmpdir(), "ibi-entra-demo-"));
  const simDir = join(tmp, "simulator");
  mkdirSync(simDir, { mode: 0o700 });
  const { startSimulator, sampleState, SAMPLE_APP_ID, SAMPLE_TENANT_ID } = await import("../simulator/index.js");
  const sim = await startSimulator({ state: sampleState(), dir: simDir });
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    IBI_ENTRA_HOME: join(tmp, "home"),
    IBI_ENTRA_SECRET_STORE: "file",
    IBI_ENTRA_VAULT_PASSPHRASE: randomBytes(24).toString("base64url"),
  };
  delete env.IBI_ENTRA_VAULT_PASSPHRASE_FILE;
  const location = resolveProfileLocation(env, "demo");
  const profile = await Profile.open(location, { env });
  await profile.saveSettings({ cloud: "global", tenantId: SAMPLE_TENANT_ID, applicationId: SAMPLE_APP_ID, authorityHost: sim.baseUrl, graphHost: sim.baseUrl });

  const app = (s: ReturnType<typeof sampleState>) => {
    const a = s.tenants.find((t) => t.id === SAMPLE_TENANT_ID)?.apps?.find((x) => x.appId === SAMPLE_APP_ID);
    if (!a) throw new IbiError<DashboardErrorCode>("demo_state", "the simulated app registration is gone from the simulator state", {
        hint: "quit and start the demo again (its state is made afresh)",
      });
    return a;
  };

  return {
    env,
    location,
    simulator: { baseUrl: sim.baseUrl, caPem: sim.caPem, update: (m) => sim.update(m) },
    actions: {
      async upload(certPem) {
        await sim.update((s) => {
          const a = app(s);
          a.certificates = [...(a.certificates ?? []).filter((c) => c.certPem.trim() !== certPem.trim()), { certPem }];
        });
        return "Demo: uploaded the active certificate to the simulated app (Certificates & secrets > Upload certificate)";
      },
      async grantConsent() {
        let added: string[] = [];
        await sim.update((s) => {
          const a = app(s);
          const have = new Set(a.grantedRoles ?? []);
          added = REQUIRED_PERMISSIONS.filter((p) => !have.has(p));
          a.grantedRoles = [...have, ...added];
        });
        return added.length
          ? `Demo: granted admin consent for ${added.join(", ")} in the simulated tenant`
          : "Demo: every required permission already has admin consent";
      },
    },
    async testConnection(p) {
      const { testConnection } = await import("../core/actions/test-connection.js");
      // In-process, the simulator's CA must be added to the dispatcher (NODE_EXTRA_CA_CERTS is read at start-up).
      return testConnection(p, { timeoutMs: 10_000, network: { extraCaPem: [sim.caPem] } });
    },
    async register(p, o) {
      const { registerWithProfile } = await import("../core/entra/register/index.js");
      return registerWithProfile(p, { timeoutMs: 10_000, ...o, network: { extraCaPem: [sim.caPem] } });
    },
    async close() {
      await sim.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
