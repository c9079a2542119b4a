// The dashboard with the real profile code (no simulator): vault passphrase dialog, Generate, Export (Public
// Key Only)... and Export PFX judged by openssl, Import, activate, Delete, Save — all through the keyboard.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { render } from "ink-testing-library";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KEY, paste, plain, press, showsUnwrapped, typeText, waitForFrame } from "../src/components/ink.test-support.js";
import { Profile, resolveProfileLocation } from "../src/core/store/profile.js";
import { DashboardApp } from "../src/screens/DashboardApp.js";

// Each test has its own home (no test depends on another's files or order).
let home: string;
let env: NodeJS.ProcessEnv;
const PASS = "vault-pass-1";
const SIZE = { columns: 100, rows: 40 };

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "ibi-entra-app-"));
  env = { ...process.env, IBI_ENTRA_HOME: home, IBI_ENTRA_SECRET_STORE: "file" };
  delete env.IBI_ENTRA_VAULT_PASSPHRASE;
  delete env.IBI_ENTRA_VAULT_PASSPHRASE_FILE;
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** A profile as the first run leaves it: a certificate in the vault, Tenant ID and Application ID saved, a PFX export. */
async function savedProfile(): Promise<{ pfx: string }> {
  const p = await Profile.open(resolveProfileLocation(env, "default"), { env, passphrase: async () => PASS });
  const c = await p.generateCertificate({});
  await p.saveSettings({ cloud: "global", tenantId: "contoso.onmicrosoft.com", applicationId: "22222222-2222-2222-2222-222222222222" });
  const pfx = join(home, "default", `IBI-helpMe-${c.thumbprintSha1.slice(0, 8)}.pfx`);
  writeFileSync(pfx, await p.exportPfx(c.thumbprintSha256, "pfx-pw"));
  return { pfx };
}


function start(written: string[] = []) {
  const r = render(<DashboardApp location={resolveProfileLocation(env, "default")} env={env} size={SIZE} showTime={false} options={{ writeRaw: (d) => written.push(d) }} />);
  return { ...r, written, frame: () => plain(r.lastFrame()), until: (ok: (f: string) => boolean) => waitForFrame(r.lastFrame, ok, 30_000) };
}

describe("dashboard with a real profile", () => {
  it("first run: IDs, Generate (creating the vault in a dialog), exports, Save", async () => {
    const s = start();
    await s.until((f) => f.includes("› Tenant ID"));
    await typeText(s, "contoso.onmicrosoft.com");
    await press(s, KEY.enter);
    await typeText(s, "22222222-2222-2222-2222-222222222222");
    await press(s, KEY.esc, "g");

    // no keychain and no passphrase in the environment: the vault asks for a new passphrase, twice
    await s.until((f) => f.includes("Create the vault"));
    await typeText(s, PASS);
    expect(s.frame()).not.toContain(PASS);
    await press(s, KEY.enter);
    await typeText(s, "different");
    await press(s, KEY.enter);
    await s.until((f) => f.includes("the passphrases differ"));
    for (let i = 0; i < "different".length; i++) await press(s, KEY.backspace);
    await typeText(s, PASS);
    await press(s, KEY.enter);
    let f = await s.until((x) => /Generated [0-9A-F]{40} \(active\)/.test(x));
    const tp = /Generated ([0-9A-F]{40})/.exec(f)![1]!;
    expect(f).toMatch(new RegExp(`● CN=IBI-helpMe\\s+${tp}`));

    // Export (Public Key Only)... to the suggested path: DER that openssl reads with the same SHA-1
    await press(s, "e", KEY.enter);
    const cer = join(home, "default", `IBI-helpMe-${tp.slice(0, 8)}.cer`);
    await s.until((x) => showsUnwrapped(x, `Save to: ${cer}`));
    await press(s, KEY.enter);
    await s.until((x) => showsUnwrapped(x, `Wrote ${cer} (DER, public key only)`));
    const fp = execFileSync("openssl", ["x509", "-inform", "der", "-in", cer, "-noout", "-fingerprint", "-sha1"], { encoding: "utf8" });
    expect(fp.replace(/[:\s]/g, "")).toContain(tp);

    // OSC 52 copy of the PEM
    await press(s, "e", KEY.down, KEY.down, KEY.enter);
    await s.until((x) => x.includes("sent the public certificate (PEM) to your terminal's clipboard"));
    const osc = s.written.at(-1)!;
    expect(osc.startsWith("\x1b]52;c;")).toBe(true);
    expect(Buffer.from(osc.slice(7, -1), "base64").toString()).toMatch(/^-----BEGIN CERTIFICATE-----/);

    // Export PFX with a password; openssl opens it with that password
    await press(s, "x", KEY.enter);
    await typeText(s, "pfx-pw");
    await press(s, KEY.enter);
    await typeText(s, "pfx-pw");
    await press(s, KEY.enter);
    const pfx = join(home, "default", `IBI-helpMe-${tp.slice(0, 8)}.pfx`);
    await s.until((x) => showsUnwrapped(x, `Wrote ${pfx}`));
    const info = execFileSync("openssl", ["pkcs12", "-in", pfx, "-nodes", "-passin", "pass:pfx-pw"], { encoding: "utf8" });
    expect(info).toContain("-----BEGIN PRIVATE KEY-----");

    // Save: written, the unsaved mark goes
    expect(s.frame()).toContain("● unsaved");
    await press(s, "s");
    f = await s.until((x) => x.includes("Saved to "));
    expect(f).not.toContain("● unsaved");
    expect(f).toContain("encrypted: CMS-encrypted to 1 certificate");
    s.unmount();

    const p = await Profile.open(resolveProfileLocation(env, "default"), { env, passphrase: async () => PASS });
    expect(await p.readSettings()).toMatchObject({ tenantId: "contoso.onmicrosoft.com", applicationId: "22222222-2222-2222-2222-222222222222", cloud: "global" });
  });

  // 3 minutes: it must pass with a CPU hog on every core and a 100-character TMPDIR
  it("second run: the vault is unlocked in a dialog to read the settings; import, activate, delete", { timeout: 180_000 }, async () => {
    const { pfx } = await savedProfile();
    const s = start();
    await s.until((f) => f.includes("Unlock the vault"));
    await typeText(s, PASS);
    await press(s, KEY.enter);
    let f = await s.until((x) => x.includes("contoso.onmicrosoft.com") && x.includes("›[Test connection]"));
    expect(f).not.toContain("● unsaved");

    // Import the PFX exported above as a second certificate? It is the same one: the core refuses duplicates.
    await press(s, "i");
    await s.until((x) => x.includes("File: "));
    // as an admin over SSH: a held Backspace clears the suggested folder, then the path is pasted and Enter
    // pressed, all arriving in ONE read (each key is applied to what the one before left, none lost)
    await paste(s.stdin, KEY.backspace.repeat(join(home, "default").length + 1) + pfx + KEY.enter);
    await s.until((x) => x.includes("Password: "));
    await typeText(s, "pfx-pw");
    await press(s, KEY.enter);
    await s.until((x) => x.includes("is already in profile"));

    // a second certificate, then activate it and delete the first
    await press(s, "g");
    f = await s.until((x) => /Generated [0-9A-F]{40} \(not active yet/.test(x));
    const second = /Generated ([0-9A-F]{40})/.exec(f)![1]!;
    await press(s, "a");
    f = await s.until((x) => x.includes(`Certificate ${second} is active`));
    expect(f).toMatch(new RegExp(`● CN=IBI-helpMe\\s+${second}`));
    // select the first (now inactive) and delete it
    const p0 = await Profile.open(resolveProfileLocation(env, "default"), { env, passphrase: async () => PASS });
    const first = p0.listCertificates().find((c) => !c.active)!.thumbprintSha1;
    // focus the list and move to the first row
    for (let i = 0; i < 20 && !/› [●○] CN=/.test(s.frame()); i++) await press(s, KEY.tab);
    await press(s, KEY.up, KEY.up);
    await press(s, "d");
    await s.until((x) => x.includes(`Delete certificate ${first}?`));
    expect(s.frame()).not.toContain("It is the active certificate");
    await press(s, "y");
    await s.until((x) => x.includes(`Deleted certificate ${first}`));
    const p = await Profile.open(resolveProfileLocation(env, "default"), { env, passphrase: async () => PASS });
    expect(p.listCertificates().map((c) => c.thumbprintSha1)).toEqual([second]);
    // the settings are still readable with the remaining key
    expect((await p.readSettings()).tenantId).toBe("contoso.onmicrosoft.com");
    expect(existsSync(join(home, "default", "config"))).toBe(true);
    expect(readFileSync(join(home, "default", "config"), "utf8")).not.toContain("contoso");
    s.unmount();
  });

  it("Esc on the unlock dialog leaves the settings unread and refuses to overwrite them", async () => {
    await savedProfile();
    const s = start();
    await s.until((f) => f.includes("Unlock the vault"));
    await press(s, KEY.esc);
    const f = await s.until((x) => x.includes("the saved settings were not read: the vault passphrase was not entered"));
    expect(f).toContain("Tenant ID");
    await press(s, KEY.esc, "s");
    await s.until((x) => x.includes("the saved settings could not be read, so they are not overwritten"));
    s.unmount();
  });
});
