// DashboardApp with startDashboard (how runDashboard opens it): the profile and its settings are read before the
// first render, so the first frame is complete; a vault that needs its passphrase still asks in the dialog.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { render } from "ink-testing-library";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEY, plain, press, typeText, waitForFrame } from "../components/ink.test-support.js";
import { Profile, resolveProfileLocation } from "../core/store/profile.js";
import { startDashboard } from "../tui/state/start.js";
import { DashboardApp } from "./DashboardApp.js";

const PASS = "start-pass-1";
const SIZE = { columns: 100, rows: 40 };
const TENANT = "contoso.onmicrosoft.com";
const APP = "22222222-2222-2222-2222-222222222222";
let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "ibi-entra-start-"));
  env = { ...process.env, IBI_ENTRA_HOME: home, IBI_ENTRA_SECRET_STORE: "file" };
  delete env.IBI_ENTRA_VAULT_PASSPHRASE;
  delete env.IBI_ENTRA_VAULT_PASSPHRASE_FILE;
  // a certificate in the vault and the settings encrypted to it
  const p = await Profile.open(resolveProfileLocation(env, "default"), { env, passphrase: async () => PASS });
  await p.generateCertificate({});
  await p.saveSettings({ tenantId: TENANT, applicationId: APP, cloud: "global" });
}, 60_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function settle<T>(p: Promise<T>, ms: number): Promise<void> {
  await Promise.race([p, new Promise((r) => setTimeout(r, ms))]);
}

describe("DashboardApp started by startDashboard", () => {
  it("draws the settings in its first frame when nothing has to be asked", async () => {
    const withPass = { ...env, IBI_ENTRA_VAULT_PASSPHRASE: PASS };
    const start = startDashboard(resolveProfileLocation(withPass, "default"), withPass);
    await settle(start.ready, 30_000);
    expect(start.profile.settled?.ok).toBe(true);
    expect(start.preload?.settings.settled).toMatchObject({ ok: true, value: { tenantId: TENANT, applicationId: APP } });
    const completedAt: number[] = [];
    const r = render(<DashboardApp location={resolveProfileLocation(withPass, "default")} env={withPass} size={SIZE} showTime={false} start={start} onFirstFrame={(t) => completedAt.push(t)} />);
    const first = plain(r.frames[0]);
    expect(first).toContain(TENANT);
    expect(first).toContain(APP);
    expect(first).toMatch(/● CN=IBI-helpMe/);
    expect(first).not.toContain("Opening the profile");
    await waitForFrame(() => String(completedAt.length), (n) => n === "1", 5_000);
    r.unmount();
  });

  it("relays the vault's passphrase request to the dialog once it is mounted", async () => {
    const start = startDashboard(resolveProfileLocation(env, "default"), env);
    // ready settles when the vault asks, although the settings are not read yet
    await settle(start.ready, 30_000);
    expect(start.preload?.settings.settled).toBeUndefined();
    const r = render(<DashboardApp location={resolveProfileLocation(env, "default")} env={env} size={SIZE} showTime={false} start={start} />);
    const until = (ok: (f: string) => boolean) => waitForFrame(() => plain(r.lastFrame()), ok, 30_000);
    await until((f) => f.includes("Unlock the vault"));
    await typeText(r, PASS);
    await press(r, KEY.enter);
    const f = await until((x) => x.includes(TENANT) && x.includes(APP));
    expect(f).not.toContain("● unsaved");
    r.unmount();
  });

  it("reports a failure to read the settings as before when the dialog is cancelled", async () => {
    const start = startDashboard(resolveProfileLocation(env, "default"), env);
    await settle(start.ready, 30_000);
    const r = render(<DashboardApp location={resolveProfileLocation(env, "default")} env={env} size={SIZE} showTime={false} start={start} />);
    const until = (ok: (f: string) => boolean) => waitForFrame(() => plain(r.lastFrame()), ok, 30_000);
    await until((f) => f.includes("Unlock the vault"));
    await press(r, KEY.esc);
    await until((x) => x.includes("the saved settings were not read: the vault passphrase was not entered"));
    r.unmount();
  });
});
