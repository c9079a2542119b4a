// Golden screens at 80x24 for every dialog and flow, and for what the screen does when things do not fit: each
// its own fixture, drawn by the real DashboardScreen over the screens' stand-in model (canned certificates and
// results, no src/core behind it), so the frames are the same on every machine.
// Refresh after an intended change:  UPDATE_GOLDEN=1 npx vitest run test/golden
import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { certificate, checkResult } from "../../src/components/fixtures.test-support.js";
import { KEY, plain, press, typeText, waitForFrame } from "../../src/components/ink.test-support.js";
import type { CheckResult } from "../../src/core/entra/types.js";
import { DashboardScreen } from "../../src/screens/DashboardScreen.js";
import { PassphraseDialog } from "../../src/screens/PassphraseDialog.js";
import { useFakeModel, type FakeModelInit } from "../../src/screens/fake-model.test-support.js";
import { SIZE, fits, goldenFile } from "./golden.test-support.js";

const IDS = { tenantId: "11111111-1111-1111-1111-111111111111", applicationId: "22222222-2222-2222-2222-222222222222", cloud: "global" as const };

function Harness({ init, size, modal }: { init: FakeModelInit; size: { columns: number; rows: number }; modal?: "passphrase" }) {
  const model = useFakeModel(init, []);
  const dialog = modal ? <PassphraseDialog purpose="unlock" vaultPath={`${model.profileDir}/vault`} onSubmit={() => {}} onCancel={() => {}} width={Math.min(size.columns, 100)} /> : undefined;
  // one row short of the terminal, as DashboardApp draws it
  return <DashboardScreen model={model} width={size.columns} height={size.rows - 1} onQuit={() => {}} modal={dialog} showTime={false} />;
}

/** Renders and waits for the focus to settle (saved IDs: on Test connection), so that keys reach the screen. */
async function setup(init: FakeModelInit, size = SIZE, modal?: "passphrase") {
  const r = render(<Harness init={init} size={size} modal={modal} />);
  if (init.saved?.tenantId && !modal && size === SIZE) await waitForFrame(r.lastFrame, (f) => f.includes("›[Test connection]"));
  return { ...r, frame: () => plain(r.lastFrame()) };
}

function golden(name: string, frame: string, size = SIZE): void {
  fits(frame, size);
  goldenFile(name, `${frame.split("\n").map((l) => l.trimEnd()).join("\n")}\n`);
}

/** A result longer than the room the details view has at 80x24: notes, warnings, a long fix. */
function longResult(): CheckResult {
  const r = checkResult("oneMissing");
  return {
    ...r,
    permissions: r.permissions.map((p, i) => ({
      ...p,
      probe: { ok: true, status: 200, code: null, ...p.probe, note: i === 2 ? "Insufficient privileges to complete the operation." : `probe ${i + 1}: read one object, HTTP 200` },
      hint: p.ok ? p.hint : "GroupMember.Read.All is missing: add it (Azure Portal > App registrations > your app > API permissions > Add a permission > Microsoft Graph > Application permissions), then Grant admin consent",
    })),
    warnings: ["the certificate expires in 20 days: generate a new one and upload it", "the application has 2 other certificates in the portal; remove the ones you no longer use"],
    consentUrl: `${r.consentUrl}&redirect_uri=${encodeURIComponent("https://portal.azure.com/TokenAuthorize?tenant=11111111-1111-1111-1111-111111111111&state=ibi-entra-consent-check")}`,
  };
}

const twoCertificates = [certificate({ subject: "CN=IBI-helpMe" }), certificate({ subject: "CN=IBI-old", thumbprintSha1: "0A1B2C3D4E5F60718293A4B5C6D7E8F901234567", thumbprintSha256: "CD".repeat(32), active: false, daysLeft: 12 })];

describe("golden dialogs and flows at 80x24", () => {
  it("Export (Public Key Only)...", async () => {
    const s = await setup({ saved: IDS, certificates: [certificate()] });
    await press(s, "e");
    golden("dialog-export", await waitForFrame(s.lastFrame, (f) => f.includes("Show the PEM on screen")));
  });

  it("Import...", async () => {
    const s = await setup({ saved: IDS });
    await press(s, "i");
    golden("dialog-import", await waitForFrame(s.lastFrame, (f) => f.includes("Import") && f.includes("Enter OK")));
  });

  it("Delete", async () => {
    const s = await setup({ saved: IDS, certificates: [certificate()] });
    await press(s, "d");
    golden("dialog-delete", await waitForFrame(s.lastFrame, (f) => /Delete/.test(f) && f.includes("Esc")));
  });

  it("quit with unsaved changes", async () => {
    const s = await setup({});
    await typeText(s, IDS.tenantId);
    await press(s, KEY.esc, "q");
    golden("dialog-quit", await waitForFrame(s.lastFrame, (f) => /unsaved|Save and quit/i.test(f) && f.includes("╭")));
  });

  it("the vault passphrase", async () => {
    const s = await setup({ saved: IDS }, SIZE, "passphrase");
    golden("dialog-passphrase", await waitForFrame(s.lastFrame, (f) => f.includes("Unlock the vault")));
  });

  it("Register in Azure...", async () => {
    const s = await setup({ saved: IDS, certificates: [certificate()] });
    await press(s, "R");
    golden("dialog-register", await waitForFrame(s.lastFrame, (f) => f.includes("╭")));
  });

  it("details in full (v): fits", async () => {
    const s = await setup({ saved: IDS, certificates: [certificate()], result: checkResult("oneMissing") });
    await press(s, "v");
    const f = await waitForFrame(s.lastFrame, (x) => x.includes("Test connection: details"));
    expect(f).not.toContain("lines 1–");
    golden("details", f);
  });

  it("details in full (v): scrolls, every line and the whole consent URL reachable", async () => {
    const result = longResult();
    const s = await setup({ saved: IDS, certificates: [certificate()], result });
    await press(s, "v");
    const top = await waitForFrame(s.lastFrame, (x) => x.includes("Test connection: details"));
    const marker = /lines 1–(\d+) of (\d+)/.exec(top);
    expect(marker).not.toBeNull();
    const [shown, total] = [Number(marker![1]), Number(marker![2])];
    expect(total).toBeGreaterThan(shown);
    golden("details-top", top);
    // page by page to the end: the lines seen join up to the full text, URL included
    const seen = new Set<string>();
    const body = (f: string) => f.split("\n").filter((l) => l.startsWith("│ ") && !/lines \d+–/.test(l)).map((l) => l.slice(2, -1).trimEnd());
    for (const l of body(top)) seen.add(l);
    for (let i = 0; i < total; i++) {
      await press(s, KEY.down);
      for (const l of body(s.frame())) seen.add(l);
    }
    const end = s.frame();
    expect(end).toContain(`lines ${total - shown + 1}–${total} of ${total}`);
    golden("details-scrolled", end);
    const text = [...seen].join(" ").replace(/\s+/g, " ");
    const url = result.consentUrl;
    // the URL, wrapped over lines of its own, is all there
    expect([...seen].join("")).toContain(url);
    expect(text).toContain("then Grant admin consent");
    expect(text).toContain("remove the ones you no longer use");
    // Home goes back to the top
    await press(s, "\x1b[H");
    expect(s.frame()).toContain(`lines 1–${shown} of ${total}`);
  });

  it("two certificates and a result at 80x24: every row shown or counted, v for the rest", async () => {
    const result = longResult();
    const s = await setup({ saved: IDS, certificates: twoCertificates, result });
    const f = await waitForFrame(s.lastFrame, (x) => x.includes("Authentication") && x.includes("›[Test connection]"));
    golden("two-certificates-result", f);
    expect(f).toContain("CN=IBI-helpMe");
    // the list scrolls with a marker, or shows both
    expect(f.includes("CN=IBI-old") || /1 of 2/.test(f)).toBe(true);
    // rows of the result not drawn are counted, and v shows them
    const drawn = f.split("\n").filter((l) => /^[✓✗⚠] |^ {2}Admin consent|^ {4}(fix|note):/.test(l)).length;
    const more = /(\d+) more rows: v shows them all/.exec(f);
    const items = 1 + 3 + 1 + 3 + 2 + 1; // sign-in, permissions, a fix, notes, warnings, consent
    expect(drawn + (more ? Number(more[1]) : 0)).toBe(items);
  });

  it("window too small: 40x15", async () => {
    const size = { columns: 40, rows: 15 };
    const s = await setup({ saved: IDS, certificates: twoCertificates, result: checkResult("oneMissing") }, size);
    const f = await waitForFrame(s.lastFrame, (x) => x.includes("window too small"));
    expect(f).toMatch(/window too small: 40x15, needs \d+x\d+/);
    golden("too-small", f, size);
  });

  it("the footer: the vault's reason whole, keys on two lines", async () => {
    const s = await setup({ saved: IDS, certificates: [certificate()], store: { kind: "file", reason: "no Secret Service on the session bus (DBUS_SESSION_BUS_ADDRESS unset)" } });
    const f = await waitForFrame(s.lastFrame, (x) => x.includes("Secret Service") && x.includes("›[Test connection]"));
    // "Secrets: vault file (...)" is 90 columns: the words before the reason go, the reason stays whole
    expect(f.split("\n").at(-1)).toBe("vault (no Secret Service on the session bus (DBUS_SESSION_BUS_ADDRESS unset))");
    expect(f).not.toMatch(/…$/m);
    golden("footer", f);
  });
});
