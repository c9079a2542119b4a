import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { certificate, checkResult } from "../components/fixtures.test-support.js";
import { KEY, plain, press, tick, typeText, waitForFrame } from "../components/ink.test-support.js";
import type { RegisterResult, RegisterStep } from "../core/entra/register/types.js";
import { STEP_ORDER, STEP_TITLES } from "../core/entra/register/types.js";
import type { RegisterOutcome, RegisterRun } from "../tui/state/use-dashboard.js";
import { DashboardScreen } from "./DashboardScreen.js";
import { useFakeModel, type FakeModelInit } from "./fake-model.test-support.js";
import { registerOutcome } from "../present/register.js";

const TENANT = "11111111-1111-1111-1111-111111111111";
const APP = "22222222-2222-2222-2222-222222222222";
const URL = "https://microsoft.com/devicelogin";

function Harness({ init, calls }: { init: FakeModelInit; calls: string[] }) {
  const model = useFakeModel(init, calls);
  return <DashboardScreen model={model} width={100} height={40} onQuit={() => calls.push("quit")} showTime={false} />;
}

/** A register function the test drives step by step: each call of `next` resolves the wait the fake is in. */
function fakeRegister() {
  const runs: RegisterRun[] = [];
  let finish: ((o: RegisterOutcome) => void) | undefined;
  const register = (run: RegisterRun) => {
    runs.push(run);
    return new Promise<RegisterOutcome>((resolve) => {
      finish = resolve;
      // a cancel ends the run the way the core does: a result whose error is "cancelled"
      run.signal.addEventListener("abort", () => resolve({ ok: false, message: { kind: "warn", text: "cancelled" } }), { once: true });
    });
  };
  return { runs, register, finish: (o: RegisterOutcome) => finish!(o) };
}

function setup(init: FakeModelInit) {
  const calls: string[] = [];
  const raw: string[] = [];
  const r = render(<Harness init={{ writeRaw: (d) => raw.push(d), ...init }} calls={calls} />);
  return { ...r, calls, raw, frame: () => plain(r.lastFrame()) };
}

const step = (id: RegisterStep["id"], status: RegisterStep["status"], detail?: string): RegisterStep => ({ id, title: STEP_TITLES[id], status, detail });

const configured = { saved: { cloud: "global" as const, tenantId: TENANT }, certificates: [certificate()] };

describe("RegisterFlow (Register in Azure...)", () => {
  it("R asks first, then shows the device code with a countdown; y copies the URL with OSC 52; steps appear as they report", async () => {
    const fake = fakeRegister();
    const s = setup({ ...configured, register: fake.register });
    await press(s, KEY.esc, "R");
    let f = s.frame();
    expect(f).toContain("Register in Azure...");
    expect(f).toContain('register the app "IBI-helpMe" (single tenant)');
    expect(f).toContain("Global Administrator or a Privileged Role Administrator");
    expect(s.calls).toEqual([]);

    await press(s, "r");
    expect(s.calls).toEqual(["register"]);
    const run = fake.runs[0]!;
    run.onStep(step("sign-in", "running"));
    run.onDeviceCode({ verificationUri: URL, userCode: "ABCD-\x1b[31mEFGH", expiresAt: new Date(Date.now() + 14 * 60_000 + 30_000), interval: 1, message: "" });
    f = await waitForFrame(s.lastFrame, (x) => x.includes(URL));
    expect(f).toContain("enter the code ABCD-EFGH"); // the escape sequence from the network is removed
    expect(f).toMatch(/the code expires in 14:(29|30)/);
    expect(f).toContain("y copy the URL (OSC 52)");

    await press(s, "y");
    expect(s.raw).toEqual([`\x1b]52;c;${Buffer.from(URL).toString("base64")}\x07`]);
    expect(s.calls).toContain("copy the sign-in URL");

    run.onStep(step("sign-in", "done", "signed in as admin@contoso.onmicrosoft.com (Global Administrator)"));
    run.onStep(step("application", "created", `Application ID ${APP}`));
    run.onStep(step("certificate", "failed", "Insufficient privileges\x07 to complete the operation"));
    f = await waitForFrame(s.lastFrame, (x) => x.includes("Upload certificate"));
    expect(f).not.toContain(URL); // the code is gone once signed in
    expect(f).toMatch(/✓ Sign in as a tenant administrator \(device code\): signed in as admin@contoso/);
    expect(f).toContain(`✓ Register application (created): Application ID ${APP}`);
    expect(f).toContain("✗ Upload certificate (Certificates & secrets) (failed): Insufficient privileges to");
    // wrapped in full, the bell character removed
    expect(f.replace(/[│\s]+/g, " ")).toContain("(failed): Insufficient privileges to complete the operation");

    const steps = STEP_ORDER.map((id) =>
      id === "sign-in" ? step(id, "done") : id === "application" ? step(id, "created") : id === "certificate" ? step(id, "failed", "Insufficient privileges") : step(id, "pending"),
    );
    const result: RegisterResult = {
      ok: false,
      changed: true,
      tenantId: TENANT,
      applicationId: APP,
      applicationObjectId: null,
      servicePrincipalId: null,
      displayName: "IBI-helpMe",
      admin: null,
      steps,
      error: { step: "certificate", code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation", hint: "sign in as an Application Administrator", status: 403, exitCode: 1 },
      check: null,
      exitCode: 1,
    };
    fake.finish({ ok: true, result, message: registerOutcome(result) });
    f = await waitForFrame(s.lastFrame, (x) => x.includes("Enter or Esc close"));
    const text = f.replace(/[│\s]+/g, " ");
    expect(text).toContain('✗ Register in Azure stopped at "Upload certificate (Certificates & secrets)": Insufficient privileges to complete the operation');
    expect(text).toContain("sign in as an Application Administrator");
    expect(f).not.toContain("Grant admin consent"); // steps not reached are not listed
    await press(s, KEY.enter);
    expect(s.frame()).toContain("[Test connection]");
    expect(s.frame()).not.toContain("Enter or Esc close");
  });

  it("on success shows the new IDs and the passing check", async () => {
    const fake = fakeRegister();
    const s = setup({ ...configured, register: fake.register });
    await press(s, KEY.esc, "R", KEY.enter);
    const steps = STEP_ORDER.map((id) => step(id, id === "check" || id === "sign-in" || id === "lookup" ? "done" : "created"));
    const result: RegisterResult = {
      ok: true,
      changed: true,
      tenantId: TENANT,
      applicationId: APP,
      applicationObjectId: "o",
      servicePrincipalId: "sp",
      displayName: "IBI-helpMe",
      admin: null,
      steps,
      error: null,
      check: checkResult("allOk"),
      exitCode: 0,
    };
    fake.finish({ ok: true, result, message: registerOutcome(result) });
    const f = await waitForFrame(s.lastFrame, (x) => x.includes("Enter or Esc close"));
    expect(f).toContain(`Registered "IBI-helpMe": Tenant ID ${TENANT}, Application ID`);
    expect(f).toContain(`${APP} (saved)`);
    expect(f).toContain("✓ Grant admin consent (created)");
    expect(f).toContain("✓ Test connection");
  });

  it("Esc while waiting for the sign-in cancels: the signal is aborted and the dialog closes", async () => {
    const fake = fakeRegister();
    const s = setup({ ...configured, register: fake.register });
    await press(s, KEY.esc, "R", "r");
    fake.runs[0]!.onDeviceCode({ verificationUri: URL, userCode: "ABCD-EFGH", expiresAt: new Date(Date.now() + 900_000), interval: 5, message: "" });
    await waitForFrame(s.lastFrame, (x) => x.includes("ABCD-EFGH"));
    expect(fake.runs[0]!.signal.aborted).toBe(false);
    await press(s, KEY.esc);
    expect(fake.runs[0]!.signal.aborted).toBe(true);
    expect(s.frame()).not.toContain("ABCD-EFGH");
    expect(s.frame()).toContain("[Test connection]");
  });

  it("says what is missing instead of starting: no active certificate, no saved Tenant ID, unsaved changes", async () => {
    const fake = fakeRegister();
    let s = setup({ register: fake.register });
    await press(s, KEY.esc, "R");
    let f = s.frame();
    expect(f).toContain("Register in Azure needs an active certificate and a saved Tenant ID");
    expect(f).toContain("press g to Generate a certificate");
    await press(s, "r", KEY.enter);
    expect(fake.runs).toHaveLength(0);
    expect(s.frame()).not.toContain("Register in Azure needs");
    s.unmount();

    s = setup({ saved: { cloud: "global", tenantId: TENANT }, certificates: [certificate({ active: false })], register: fake.register });
    await press(s, KEY.esc, "R");
    f = s.frame();
    expect(f).toContain("Register in Azure needs an active certificate");
    expect(f).not.toContain("Tenant ID");
    expect(f).toContain("activate a certificate (a)");
    s.unmount();

    s = setup({ certificates: [certificate()], register: fake.register });
    await press(s, KEY.esc, "R");
    expect(s.frame()).toContain("Register in Azure needs a saved Tenant ID");
    expect(s.frame()).not.toContain("active certificate");
    expect(fake.runs).toHaveLength(0);
    s.unmount();

    s = setup({ ...configured, register: fake.register });
    await waitForFrame(s.lastFrame, (x) => x.includes("› Application ID"));
    await tick(50); // the field takes keys once its input handler is subscribed
    await typeText(s, "x"); // typed into Application ID, not saved
    await waitForFrame(s.lastFrame, (x) => x.includes("● unsaved"));
    await press(s, KEY.esc, "R");
    expect(s.frame()).toContain("Register in Azure uses the saved settings, and your changes are not saved yet");
    expect(fake.runs).toHaveLength(0);
  });

  it("Enter on the Register in Azure... button next to the pane's title opens the flow", async () => {
    const s = setup({ ...configured });
    // a profile without an Application ID starts in that field; the button is above Tenant ID
    await press(s, KEY.shiftTab, KEY.shiftTab);
    expect(s.frame().split("\n").filter((l) => l.includes("›"))).toEqual([expect.stringMatching(/^Azure Active Directory\s+›\[Register in Azure\.\.\.\]/)]);
    await press(s, KEY.enter);
    expect(s.frame()).toContain("upload the active certificate's public key");
    await press(s, KEY.esc);
    expect(s.frame()).toContain("[Test connection]");
    expect(s.calls).toEqual([]);
  });
});
