// Import... and the export flows through the dashboard with the real model (useDashboard over a temporary
// profile): the password step is driven by the import action's detection, and overwriting asks first.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { render } from "ink-testing-library";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KEY, plain, press, showsUnwrapped, typeText, waitForFrame } from "../components/ink.test-support.js";
import { tempProfile, writeLegacyEncryptedPem, type TempProfile } from "../core/actions/actions.test-support.js";
import { resolveProfileLocation } from "../core/store/profile.js";
import { DashboardApp } from "./DashboardApp.js";

const SIZE = { columns: 100, rows: 40 };
let t: TempProfile;
let dir: string;

beforeEach(() => {
  t = tempProfile("ibi-import-flow-");
  dir = resolveProfileLocation(t.env, "default").dir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
});
afterEach(() => t.remove());

function start() {
  const r = render(<DashboardApp location={resolveProfileLocation(t.env, "default")} env={t.env} size={SIZE} showTime={false} />);
  return { ...r, frame: () => plain(r.lastFrame()), until: (ok: (f: string) => boolean) => waitForFrame(r.lastFrame, ok, 30_000) };
}

describe("Import... with the real model", () => {
  it("asks for the password of a legacy-encrypted PEM (Proc-Type: 4,ENCRYPTED) and imports it", async () => {
    const pem = writeLegacyEncryptedPem(dir, "legacy-pw", "legacy.pem");
    const s = start();
    await s.until((f) => f.includes("No certificate yet") && f.includes("› Tenant ID"));
    await press(s, KEY.esc, "i"); // leave the text field first: keys there are text
    await s.until((f) => showsUnwrapped(f, `File: ${dir}/`));
    await typeText(s, "legacy.pem");
    await press(s, KEY.enter);
    await s.until((f) => f.includes("Password: "));
    expect(s.frame()).toContain("is encrypted");
    await typeText(s, "legacy-pw");
    expect(s.frame()).not.toContain("legacy-pw");
    await press(s, KEY.enter);
    const f = await s.until((x) => x.includes(`Imported ${pem.thumbprintSha1} (active)`));
    expect(f).toMatch(new RegExp(`● CN=Legacy PEM\\s+${pem.thumbprintSha1}`));
    s.unmount();
    expect((await t.open()).listCertificates().map((c) => c.thumbprintSha1)).toEqual([pem.thumbprintSha1]);
  });

  it("reports a wrong password and imports nothing", async () => {
    writeLegacyEncryptedPem(dir, "legacy-pw", "legacy.pem");
    const s = start();
    await s.until((f) => f.includes("No certificate yet") && f.includes("› Tenant ID"));
    await press(s, KEY.esc, "i"); // leave the text field first: keys there are text
    await s.until((f) => showsUnwrapped(f, `File: ${dir}/`));
    await typeText(s, "legacy.pem");
    await press(s, KEY.enter);
    await s.until((f) => f.includes("Password: "));
    await typeText(s, "wrong");
    await press(s, KEY.enter);
    await s.until((x) => x.includes("private key password is wrong"));
    s.unmount();
    expect((await t.open()).listCertificates()).toEqual([]);
  });
});

describe("Export (Public Key Only)... with the real model", () => {
  it("asks before overwriting an existing file, then overwrites it", async () => {
    const cert = await (await t.open()).generateCertificate({});
    const cer = join(dir, `IBI-helpMe-${cert.thumbprintSha1.slice(0, 8)}.cer`);
    writeFileSync(cer, "old");
    const s = start();
    await s.until((f) => f.includes(cert.thumbprintSha1) && f.includes("› "));
    await press(s, KEY.esc, "e", KEY.enter);
    await s.until((x) => showsUnwrapped(x, `Save to: ${cer}`));
    await press(s, KEY.enter);
    await s.until((x) => x.includes("the file exists: press Enter again to overwrite it"));
    expect(readFileSync(cer, "utf8")).toBe("old");
    await press(s, KEY.enter);
    await s.until((x) => showsUnwrapped(x, `Wrote ${cer} (DER, public key only)`));
    expect(readFileSync(cer).subarray(0, 1)[0]).toBe(0x30); // DER: an ASN.1 SEQUENCE
    s.unmount();
  });
});
