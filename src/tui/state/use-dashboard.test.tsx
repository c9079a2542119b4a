// useDashboard over a temporary profile: the concerns it is composed of (certificates, connection check,
// registration) share one action slot, so one action runs at a time and a check never overlaps a registration.
import { mkdirSync } from "node:fs";
import { Text } from "ink";
import { render } from "ink-testing-library";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { waitForFrame } from "../../components/ink.test-support.js";
import { tempProfile, type TempProfile } from "../../core/actions/actions.test-support.js";
import type { CheckResult } from "../../core/entra/types.js";
import type { RegisterResult } from "../../core/entra/register/index.js";
import { IbiError } from "../../core/errors.js";
import { resolveProfileLocation, type Profile } from "../../core/store/profile.js";
import { handleOf } from "./start.js";
import { useDashboard, type DashboardModel, type DashboardOptions, type RegisterRun } from "./use-dashboard.js";

let t: TempProfile;
let profile: Profile;
beforeEach(async () => {
  t = tempProfile("ibi-use-dashboard-");
  mkdirSync(resolveProfileLocation(t.env, "default").dir, { recursive: true, mode: 0o700 });
  profile = await t.open();
});
afterEach(() => t.remove());

/** A promise settled from outside, to hold an action open. */
function gate<T>() {
  let settle!: { resolve: (v: T) => void; reject: (e: unknown) => void };
  const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  return { promise, ...settle };
}

function mount(opts: DashboardOptions) {
  const model: { current?: DashboardModel } = {};
  function Probe() {
    const m = useDashboard(handleOf(profile), opts);
    model.current = m;
    return <Text>{`${m.loaded ? "loaded" : "loading"} ${m.busy ?? "idle"} ${m.check.running ? "checking" : "-"}`}</Text>;
  }
  const r = render(<Probe />);
  return { r, latest: () => model.current!, until: (ok: (f: string) => boolean) => waitForFrame(r.lastFrame, ok, 10_000) };
}

const RUN: RegisterRun = { onDeviceCode: () => undefined, onStep: () => undefined, signal: new AbortController().signal };

describe("useDashboard: one action at a time", () => {
  it("refuses other actions and checks while a registration runs, and frees them when it ends", async () => {
    const registering = gate<RegisterResult>();
    let tested = 0;
    const s = mount({
      register: () => registering.promise,
      testConnection: async () => {
        tested++;
        throw new IbiError("config_incomplete", "the profile has no Application ID");
      },
    });
    await s.until((f) => f.startsWith("loaded idle"));
    expect(s.latest().profileName).toBe("default");
    expect(s.latest().profileDir).toBe(resolveProfileLocation(t.env, "default").dir);

    const first = s.latest().register(RUN);
    await s.until((f) => f.includes("Registering in Azure…"));
    const second = await s.latest().register(RUN);
    expect(second).toMatchObject({ ok: false, message: { kind: "warn", text: "another action is running: try again when it has finished" } });
    await s.latest().test();
    expect(tested).toBe(0);
    await s.latest().generate();
    expect(profile.listCertificates()).toHaveLength(0);
    // the refused key is not dropped silently: the spinner line says so (the help tells what to expect)
    await s.until((f) => f.replace(/\n/g, " ").includes("Registering in Azure… · not started: Generating a certificate (RSA 2048) (one action at a time; press the key again)"));

    registering.reject(new IbiError("no_certificate", "no active certificate"));
    expect(await first).toMatchObject({ ok: false, message: { kind: "error", text: "no active certificate" } });
    await s.until((f) => f.startsWith("loaded idle"));
    await s.latest().test();
    expect(tested).toBe(1);
    await s.until(() => s.latest().check.error !== undefined);
    expect(s.latest().check.error?.text).toBe("the profile has no Application ID");
    s.r.unmount();
  });

  it("does not start a registration while a check runs", async () => {
    const checking = gate<CheckResult>();
    let registered = 0;
    const s = mount({
      testConnection: () => checking.promise,
      register: async () => {
        registered++;
        throw new IbiError("no_certificate", "no active certificate");
      },
    });
    await s.until((f) => f.startsWith("loaded idle"));
    const test = s.latest().test();
    await s.until((f) => f.includes("checking"));
    expect(await s.latest().register(RUN)).toMatchObject({ ok: false, message: { kind: "warn" } });
    expect(registered).toBe(0);
    checking.reject(new IbiError("config_incomplete", "the profile has no Tenant ID"));
    await test;
    await s.until((f) => f.endsWith("-"));
    expect(await s.latest().register(RUN)).toMatchObject({ ok: false, message: { kind: "error", text: "no active certificate" } });
    expect(registered).toBe(1);
    s.r.unmount();
  });
});
