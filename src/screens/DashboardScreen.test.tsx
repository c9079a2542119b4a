import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { certificate, checkResult } from "../components/fixtures.test-support.js";
import { KEY, paste, plain, press, tick, typeText, waitForFrame } from "../components/ink.test-support.js";
import { ThemeProvider, makeTheme } from "../components/Theme.js";
import { KEYMAP } from "../tui/state/keymap.js";
import { DashboardScreen } from "./DashboardScreen.js";
import { useFakeModel, type FakeModelInit } from "./fake-model.test-support.js";

function Harness({ init, calls, onQuit, size }: { init: FakeModelInit; calls: string[]; onQuit?: () => void; size?: { width: number; height: number } }) {
  const model = useFakeModel(init, calls);
  return <DashboardScreen model={model} width={size?.width ?? 100} height={size?.height ?? 40} onQuit={onQuit ?? (() => calls.push("quit"))} showTime={false} />;
}

function setup(init: FakeModelInit = {}, size?: { width: number; height: number }) {
  const calls: string[] = [];
  const r = render(<Harness init={init} calls={calls} size={size} />);
  return { ...r, calls, frame: () => plain(r.lastFrame()) };
}

const focusedLine = (f: string) => f.split("\n").filter((l) => l.includes("›"));

describe("DashboardScreen", () => {
  it("a new profile starts in Tenant ID; typing validates inline; Enter moves to Application ID", async () => {
    const s = setup();
    expect(focusedLine(s.frame())[0]).toMatch(/› Tenant ID/);
    await typeText(s, "not a tenant");
    expect(s.frame()).toContain('✗ Tenant ID "not a tenant" is not valid');
    expect(s.frame()).toContain("● unsaved");
    // shortcuts do not fire inside a text field: "s" and "q" were typed, not acted on
    expect(s.calls).toEqual([]);
    for (let i = 0; i < "not a tenant".length; i++) await press(s, KEY.backspace);
    await typeText(s, "contoso.onmicrosoft.com");
    expect(s.frame()).not.toContain("✗");
    await press(s, KEY.enter);
    expect(focusedLine(s.frame())[0]).toMatch(/› Application ID/);
    await typeText(s, "1234");
    expect(s.frame()).toContain('✗ Application ID "1234" is not valid: use the Application (client) ID, a GUID');
  });

  it("Tab and Shift+Tab walk the controls in the guide's order", async () => {
    const s = setup({ certificates: [certificate()] });
    const expected = [
      /^› Tenant ID/,
      /^› Application ID/,
      /^› Cloud\s+< global >/,
      /^› ● CN=IBI-helpMe/,
      /›\[Generate\]/,
      /›\[Export \(Public Key Only\)\.\.\.\]/,
      /›\[Export PFX\.\.\.\]/,
      /›\[Import\.\.\.\]/,
      /›\[Delete\]/,
      /›\[Activate\]/,
      /›\[Test connection\]/,
      /›\[Re-check every 5 s: off\]/,
      /›\[Save\]/,
      /›\[Register in Azure\.\.\.\]/, // wraps around to the top
      /^› Tenant ID/,
    ];
    for (const [i, re] of expected.entries()) {
      const lines = focusedLine(s.frame());
      expect(lines, `step ${i}`).toHaveLength(1);
      expect(lines[0]!.trim(), `step ${i}`).toMatch(re);
      await press(s, KEY.tab);
    }
    await press(s, KEY.shiftTab, KEY.shiftTab, KEY.shiftTab);
    expect(focusedLine(s.frame())[0]).toMatch(/›\[Save\]/);
    await press(s, KEY.shiftTab);
    expect(focusedLine(s.frame())[0]).toMatch(/›\[Re-check/);
  });

  it("skips the controls that need a certificate when there is none", async () => {
    const s = setup();
    await press(s, KEY.tab, KEY.tab, KEY.tab);
    expect(focusedLine(s.frame())[0]).toContain("›[Generate]");
    await press(s, KEY.tab);
    expect(focusedLine(s.frame())[0]).toContain("›[Import...]");
  });

  it("←/→ change the cloud; single-key shortcuts act outside text fields", async () => {
    const s = setup({ certificates: [certificate(), certificate({ active: false, thumbprintSha1: "AA".repeat(20), thumbprintSha256: "CC".repeat(32) })] });
    await press(s, KEY.tab, KEY.tab);
    await press(s, KEY.right);
    expect(s.frame()).toMatch(/Cloud\s+< usgov > login\.microsoftonline\.us/);
    await press(s, KEY.tab, KEY.down);
    await press(s, "a", "g", "r", "s");
    expect(s.calls).toEqual(["activate " + "AA".repeat(20), "generate", "toggleAutoRecheck", "save - - usgov"]);
    expect(s.frame()).toContain("Re-check every 5 s: on");
  });

  it("a configured profile starts on Test connection", async () => {
    const s = setup({ saved: { cloud: "global", tenantId: "contoso.onmicrosoft.com", applicationId: "22222222-2222-2222-2222-222222222222" } });
    await press(s);
    expect(focusedLine(s.frame())[0]).toMatch(/›\[Test connection\]/);
    await press(s, KEY.enter);
    expect(s.calls).toEqual(["test"]);
  });

  it("t with unsaved changes asks to save first", async () => {
    const s = setup({ certificates: [certificate()] });
    await typeText(s, "contoso.onmicrosoft.com");
    await press(s, KEY.esc, "t");
    expect(s.frame()).toContain("Test connection uses the saved settings");
    await press(s, "s");
    await waitForFrame(s.lastFrame, () => s.calls.includes("test"));
    expect(s.calls).toEqual(["save contoso.onmicrosoft.com - global", "test"]);
    expect(s.frame()).not.toContain("● unsaved");
  });

  it("Save refuses an invalid field and puts the focus on it", async () => {
    const s = setup();
    await typeText(s, "bad tenant");
    await press(s, KEY.esc, "s");
    expect(s.calls).toEqual([]);
    expect(focusedLine(s.frame())[0]).toMatch(/› Tenant ID/);
    expect(s.frame()).toContain("hint: fix the field, or clear it to leave it unset");
  });

  it("Delete asks first, defaulting to Keep; Esc cancels", async () => {
    const s = setup({ certificates: [certificate()] });
    await press(s, KEY.esc, "d");
    expect(s.frame()).toContain("Delete certificate 3F2A1B4C5D6E7F8091A2B3C4D5E6F708192A3B4C?");
    expect(s.frame()).toContain("It is the active certificate");
    await press(s, KEY.enter);
    expect(s.calls).toEqual([]);
    await press(s, "d");
    await press(s, KEY.esc);
    expect(s.frame()).not.toContain("Delete certificate 3F2A");
    await press(s, "d", "y");
    expect(s.calls).toEqual(["remove 3F2A1B4C5D6E7F8091A2B3C4D5E6F708192A3B4C"]);
  });

  it("Export (Public Key Only)... offers a path in the profile folder, the PEM on screen and OSC 52", async () => {
    const s = setup({ certificates: [certificate()], dir: "/tmp/ibi-entra-test-none/default" });
    await press(s, KEY.esc, "e");
    expect(s.frame()).toContain("Export (Public Key Only)... 3F2A1B4C5D6E7F8091A2B3C4D5E6F708192A3B4C");
    await press(s, KEY.enter);
    expect(s.frame()).toContain("Save to: /tmp/ibi-entra-test-none/default/IBI-helpMe-3F2A1B4C.cer");
    await press(s, KEY.enter);
    await waitForFrame(s.lastFrame, () => s.calls.length > 0);
    expect(s.calls).toEqual(["exportPublic /tmp/ibi-entra-test-none/default/IBI-helpMe-3F2A1B4C.cer true"]);
    await press(s, "e", KEY.down, KEY.enter);
    expect(s.frame()).toContain("-----BEGIN CERTIFICATE-----");
    await press(s, "c", KEY.esc);
    await press(s, "e", KEY.down, KEY.down, KEY.enter);
    expect(s.calls.slice(1)).toEqual(["copy the public certificate (PEM)", "copy the public certificate (PEM)"]);
  });

  it("Export PFX asks for a masked password twice", async () => {
    const s = setup({ certificates: [certificate()], dir: "/tmp/ibi-entra-test-none/default" });
    await press(s, KEY.esc, "x", KEY.enter);
    await typeText(s, "pw1");
    expect(s.frame()).toContain("PFX password: ***");
    await press(s, KEY.enter);
    await typeText(s, "pw2");
    await press(s, KEY.enter);
    expect(s.frame()).toContain("the passwords differ");
    for (let i = 0; i < 3; i++) await press(s, KEY.backspace);
    await typeText(s, "pw1");
    await press(s, KEY.enter);
    await waitForFrame(s.lastFrame, () => s.calls.length > 0);
    expect(s.calls).toEqual(["exportPfx /tmp/ibi-entra-test-none/default/IBI-helpMe-3F2A1B4C.pfx ***"]);
  });

  it("shows the permission table and copies the consent URL with y", async () => {
    const s = setup({ certificates: [certificate()], result: checkResult("oneMissing") });
    expect(s.frame()).toMatch(/✗ GroupMember\.Read\.All\s+missing/);
    expect(s.frame()).toContain("✗ not ready");
    await press(s, KEY.esc, "y");
    expect(s.calls).toEqual(["copy the admin-consent URL"]);
  });

  it("? shows every key; any key closes it", async () => {
    const s = setup({ demo: true });
    await press(s, KEY.esc, "?");
    expect(s.frame()).toContain("Ctrl+C    quit");
    expect(s.frame()).toContain("u         upload the certificate");
    await press(s, "z");
    expect(s.frame()).toContain("Azure Active Directory");
    expect(s.frame()).not.toContain("Ctrl+C    quit");
  });

  it("demo keys only in demo mode, and shown in the status line", async () => {
    const plainS = setup();
    await press(plainS, KEY.esc, "u", "c");
    expect(plainS.calls).toEqual([]);
    expect(plainS.frame()).not.toContain("u upload");
    const demo = setup({ demo: true });
    await press(demo, KEY.esc, "u", "c");
    expect(demo.calls).toEqual(["demoUpload", "demoGrantConsent"]);
    expect(demo.frame()).toContain("u upload · c consent");
  });

  it("q quits at once when saved, asks when there are unsaved changes", async () => {
    const clean = setup();
    await press(clean, KEY.esc, "q");
    expect(clean.calls).toEqual(["quit"]);
    const dirty = setup();
    await typeText(dirty, "contoso.onmicrosoft.com");
    await press(dirty, KEY.esc, "q");
    expect(dirty.frame()).toContain("Quit with unsaved changes?");
    expect(dirty.calls).toEqual([]);
    await press(dirty, KEY.enter); // default: Stay
    expect(dirty.calls).toEqual([]);
    await press(dirty, "q", "s");
    await waitForFrame(dirty.lastFrame, () => dirty.calls.includes("quit"));
    expect(dirty.calls).toEqual(["save contoso.onmicrosoft.com - global", "quit"]);
  });

  it("Ctrl+C asks when dirty; a second Ctrl+C quits", async () => {
    const s = setup();
    await typeText(s, "x");
    await press(s, KEY.ctrlC);
    expect(s.frame()).toContain("Quit with unsaved changes?");
    await press(s, KEY.ctrlC);
    expect(s.calls).toEqual(["quit"]);
  });

  it("TERM=dumb: ASCII only, every state still readable without colour", async () => {
    const calls: string[] = [];
    const r = render(
      <ThemeProvider theme={makeTheme({ color: false, ascii: true })}>
        <Harness init={{ certificates: [certificate(), certificate({ active: false, daysLeft: 5, thumbprintSha1: "BB".repeat(20), thumbprintSha256: "DD".repeat(32) })], result: checkResult("oneMissing") }} calls={calls} />
      </ThemeProvider>,
    );
    await press(r);
    const raw = r.lastFrame() ?? "";
    // eslint-disable-next-line no-control-regex
    expect(raw).not.toMatch(/\x1b\[3\dm/); // no colour codes
    const f = plain(raw);
    // eslint-disable-next-line no-control-regex
    expect(f).not.toMatch(/[^\x00-\x7f]/); // nothing but ASCII
    expect(f).toMatch(/x GroupMember\.Read\.All\s+missing/);
    expect(f).toMatch(/\+ Device\.Read\.All\s+granted/);
    expect(f).toMatch(/! 5\b/);
    expect(f).toMatch(/\* CN=IBI-helpMe/);
  });

  it("every single-key shortcut in the keymap does something on the screen", async () => {
    const shortcuts = KEYMAP.filter((b) => b.contexts.includes("button")).flatMap((b) => Object.keys(b.inputs).filter((k) => k.length === 1));
    expect(shortcuts.length).toBeGreaterThan(10);
    for (const k of shortcuts) {
      const s = setup({ demo: true, certificates: [certificate()], result: checkResult("oneMissing") });
      await press(s, KEY.esc); // leave Tenant ID: in a text field the letter would be typed
      const before = s.frame();
      await press(s, k);
      expect(s.calls.length > 0 || s.frame() !== before, `key ${k}`).toBe(true);
      s.unmount();
    }
  });

  it("Enter in a text field moves on once (the keymap's, not also the field's)", async () => {
    const s = setup({ certificates: [certificate()] });
    await press(s, KEY.enter);
    expect(focusedLine(s.frame())[0]).toMatch(/› Application ID/);
    await press(s, KEY.enter);
    expect(focusedLine(s.frame())[0]).toMatch(/› Cloud/);
  });

  it("at 80x24 the panes share the rows: the list scrolls, the result is cut to one line per item, nothing is lost", async () => {
    const many = Array.from({ length: 10 }, (_, i) => certificate({ thumbprintSha1: String(i).repeat(40), thumbprintSha256: String(i).repeat(64) }));
    const size = { width: 80, height: 23 };
    const before = setup({ certificates: many }, size);
    let lines = before.frame().split("\n");
    expect(lines).toHaveLength(23);
    expect(before.frame()).toContain("1 of 10 (↑/↓ to scroll)");
    const shownBefore = lines.filter((l) => l.includes("CN=IBI-helpMe")).length;
    expect(shownBefore).toBeGreaterThan(2);
    before.unmount();

    const after = setup({ certificates: many, result: checkResult("oneMissing") }, size);
    lines = after.frame().split("\n");
    expect(lines).toHaveLength(23);
    expect(after.frame()).toContain("v details");
    expect(after.frame()).toContain("Admin consent (y copies)");
    expect(after.frame()).toContain("[Save]");
    expect(after.frame()).toContain("1 of 10 (↑/↓ to scroll)");
    expect(lines.filter((l) => l.includes("CN=IBI-helpMe")).length).toBeLessThan(shownBefore);
    after.unmount();
  });

  it("a result that fits is drawn in full, with no v hint", async () => {
    const s = setup({ certificates: [certificate()], result: checkResult("oneMissing") });
    expect(s.frame()).not.toContain("v details");
    expect(s.frame()).toContain("fix: add the application permission GroupMember.Read.All and grant admin consent");
  });
});

describe("DashboardScreen: keys in bursts (several in one read, as over SSH)", () => {
  const TENANT = "11111111-1111-1111-1111-111111111111";
  const APP = "22222222-2222-2222-2222-222222222222";
  const fieldLine = (f: string, label: string) => f.split("\n").find((l) => l.includes(label)) ?? "";
  /** waits until `ok` holds (a burst is handled within one read, the frame follows) */
  const settle = async (s: ReturnType<typeof setup>, ok: (f: string) => boolean) => waitForFrame(s.lastFrame, ok, 30_000);

  it('"ID⏎ID" in ONE write: the first ID in Tenant ID, Enter moves on, the rest in Application ID', async () => {
    const s = setup();
    await paste(s.stdin, `${TENANT}\r${APP}`);
    const f = await settle(s, (x) => x.includes(APP));
    expect(fieldLine(f, "Tenant ID")).toMatch(new RegExp(`^  Tenant ID\\s+${TENANT}\\s*$`));
    expect(fieldLine(f, "Application ID")).toMatch(new RegExp(`^› Application ID\\s+${APP}\\s*$`));
  });

  it("Tab Tab in one write moves twice; Shift+Tab ×2 back", async () => {
    const s = setup();
    await paste(s.stdin, KEY.tab + KEY.tab);
    await settle(s, (x) => focusedLine(x)[0]?.includes("› Cloud") === true);
    await paste(s.stdin, KEY.shiftTab + KEY.shiftTab);
    await settle(s, (x) => /^› Tenant ID/.test(focusedLine(x)[0] ?? ""));
  });

  it("40 Backspaces in one write clear the field; nothing is inserted", async () => {
    const s = setup();
    await paste(s.stdin, "x".repeat(36));
    await settle(s, (x) => x.includes("x".repeat(36)));
    await paste(s.stdin, KEY.backspace.repeat(40) + "ok");
    const f = await settle(s, (x) => /Tenant ID\s+ok/.test(x));
    expect(fieldLine(f, "Tenant ID")).toMatch(/^› Tenant ID\s+ok\s*$/);
  });

  it("? in the empty field opens the help; in a field with text it is typed; F1 always opens it", async () => {
    const s = setup();
    await press(s, "?");
    await settle(s, (x) => x.includes("any key closes this help"));
    await press(s, "x"); // closes the help, not typed
    await settle(s, (x) => !x.includes("any key closes this help"));
    expect(fieldLine(s.frame(), "Tenant ID")).toMatch(/^› Tenant ID\s*$/);
    await paste(s.stdin, "a?");
    await settle(s, (x) => /Tenant ID\s+a\?/.test(x));
    expect(s.frame()).toContain("F1 help");
    await paste(s.stdin, "\x1bOP");
    await settle(s, (x) => x.includes("any key closes this help"));
  });

  it("Esc stops typing but keeps the focus on the field; shortcuts work; Enter types again", async () => {
    const s = setup();
    await typeText(s, "contoso");
    await press(s, KEY.esc);
    let f = s.frame();
    expect(focusedLine(f)[0]).toMatch(/^› Tenant ID\s+contoso\s*$/);
    expect(f).toContain("Enter edit");
    await press(s, "g");
    expect(s.calls).toEqual(["generate"]);
    await press(s, KEY.enter);
    await paste(s.stdin, ".onmicrosoft.com");
    f = await settle(s, (x) => /› Tenant ID\s+contoso\.onmicrosoft\.com/.test(x));
    expect(focusedLine(f)[0], f).toMatch(/^› Tenant ID\s+contoso\.onmicrosoft\.com/);
  });

  it("a key that opens a dialog hands the rest of the read to it (Esc e ⏎: the export menu picks its first item)", async () => {
    const s = setup({ certificates: [certificate()], dir: "/tmp/ibi-entra-test-none/default" });
    await press(s, KEY.esc);
    await paste(s.stdin, "e" + KEY.enter);
    await settle(s, (x) => x.includes("Save to: /tmp/ibi-entra-test-none/default"));
  });

  it("keys typed one per write at full speed (no waiting for frames) all arrive", async () => {
    const s = setup();
    for (const ch of TENANT) s.stdin.write(ch);
    s.stdin.write(KEY.enter);
    for (const ch of APP) s.stdin.write(ch);
    await tick(50);
    const f = await settle(s, (x) => x.includes(APP));
    expect(fieldLine(f, "Tenant ID")).toContain(TENANT);
    expect(focusedLine(f)[0]).toMatch(new RegExp(`^› Application ID\\s+${APP}\\s*$`));
  });
});
