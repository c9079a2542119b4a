// Golden screens at 80x24: the main screen and the permission result in key states, drawn by the real
// dashboard against the real profile code and the in-process simulator (the --demo setup). Volatile parts
// (thumbprints, dates, times, temp paths, the simulator's port) are blanked.
// Refresh after an intended change:  UPDATE_GOLDEN=1 npx vitest run test/golden
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { render } from "ink-testing-library";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEY, plain, press, waitForFrame } from "../../src/components/ink.test-support.js";
import { Profile, resolveProfileLocation } from "../../src/core/store/profile.js";
import { DashboardApp } from "../../src/screens/DashboardApp.js";
import { startDemo, type DemoSetup } from "../../src/tui/demo.js";
import { SIZE, fits, goldenFile } from "./golden.test-support.js";


let demo: DemoSetup;
let emptyHome: string;
const volatile: string[] = [];

function blank(frame: string): string {
  let out = frame;
  for (const v of volatile.filter(Boolean).sort((a, b) => b.length - a.length)) {
    // whole thumbprints and the prefixes the screen shortens them to ("3F2A1B4C…", file names)
    for (let n = v.length; n >= 8; n--) out = out.split(v.slice(0, n)).join("#".repeat(n));
  }
  return out
    .replace(/\d{4}-\d{2}-\d{2}/g, "YYYY-MM-DD")
    .replace(/\d{2}:\d{2}:\d{2}/g, "hh:mm:ss")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT")
    .split(tmpdir())
    .join("$TMP")
    .replace(/ibi-entra-(demo|golden)-[A-Za-z0-9]{6}/g, "ibi-entra-$1-XXXXXX")
    .split("\n")
    .map((l) => l.trimEnd())
    .join("\n");
}

function golden(name: string, frame: string): void {
  goldenFile(name, `${blank(frame)}\n`);
}

beforeAll(async () => {
  demo = await startDemo({ ...process.env });
  emptyHome = mkdtempSync(join(tmpdir(), "ibi-entra-golden-"));
});

afterAll(async () => {
  await demo?.close();
  if (emptyHome) rmSync(emptyHome, { recursive: true, force: true });
});

describe("golden screens at 80x24", () => {
  it("new profile: focus in Tenant ID, no certificate", async () => {
    const env = { ...process.env, IBI_ENTRA_HOME: emptyHome, IBI_ENTRA_SECRET_STORE: "file", IBI_ENTRA_VAULT_PASSPHRASE: "golden-passphrase" };
    const r = render(<DashboardApp location={resolveProfileLocation(env, "default")} env={env} size={SIZE} showTime={false} />);
    const f = await waitForFrame(r.lastFrame, (x) => x.includes("Secrets: ") && !x.includes("checking the keychain") && !x.includes("reading the saved"));
    fits(f);
    golden("main-new-profile", f);
    r.unmount();
  });

  describe("demo profile against the simulator", () => {
    let r: ReturnType<typeof render>;
    const frame = () => plain(r.lastFrame());
    const settle = (ok: (f: string) => boolean) => waitForFrame(r.lastFrame, (f) => ok(f) && !/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/.test(f), 60_000);

    beforeAll(async () => {
      r = render(
        <DashboardApp
          location={demo.location}
          env={demo.env}
          options={{ demo: demo.actions, testConnection: demo.testConnection, writeRaw: () => {} }}
          size={SIZE}
          showTime={false}
        />,
      );
      await settle((f) => f.includes("Secrets: vault") && f.includes("›[Test connection]"));
    });
    afterAll(() => r.unmount());

    it("starts on Test connection with the sample IDs", async () => {
      const f = frame();
      expect(f).toContain("11111111-1111-1111-1111-111111111111");
      golden("demo-start", f);
    });

    it("Generate: the certificate appears, active", async () => {
      await press(r, "g");
      const f = await settle((x) => x.includes("Generated "));
      const p = await Profile.open(demo.location, { env: demo.env });
      for (const c of p.listCertificates()) volatile.push(c.thumbprintSha1, c.thumbprintSha256);
      fits(f);
      golden("certificate-generated", f);
    });

    it("Test connection before the upload: authentication fails with the fix", async () => {
      await press(r, "t");
      const f = await settle((x) => x.includes("not ready"));
      expect(f).toMatch(/✗ Authentication/);
      fits(f);
      golden("check-auth-failed", f);
    });

    it("after the upload: one permission missing, with the consent URL", async () => {
      await press(r, "u");
      await settle((x) => x.includes("Demo: uploaded"));
      await press(r, "t");
      const f = await settle((x) => /✗ GroupMember\.Read\.All\s+missing/.test(x));
      fits(f);
      golden("check-one-missing", f);
    });

    it("a broader permission covers two of them", async () => {
      await demo.simulator.update((s) => {
        s.tenants[0]!.apps![0]!.grantedRoles = ["Device.Read.All", "Directory.Read.All"];
      });
      await press(r, "t");
      const f = await settle((x) => x.includes("covered by Directory.Read.All") && !x.includes("✗ GroupMember"));
      fits(f);
      golden("check-covered", f);
    });

    it("all granted", async () => {
      await demo.simulator.update((s) => {
        s.tenants[0]!.apps![0]!.grantedRoles = ["Device.Read.All", "User.Read.All", "GroupMember.Read.All"];
      });
      await press(r, "t");
      const f = await settle((x) => x.includes("✓ ready"));
      fits(f);
      golden("check-all-ok", f);
    });

    it("help overlay", async () => {
      await press(r, "?");
      const f = await settle((x) => x.includes("any key closes this help"));
      fits(f);
      golden("help", f);
      await press(r, KEY.esc);
    });
  });
});
