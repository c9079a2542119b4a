import { describe, expect, it } from "vitest";
import { ACTION_IDS, ENTER_ACTION, HELP_SECTIONS, KEYMAP, SCREEN_CONTEXTS, contextOf, helpSections, keyFor, keyName, lookUp, statusKeys, streamKeyName, type KeyContext, type KeyState } from "./keymap.js";
import { FOCUS_ORDER } from "./view-model.js";

const none: KeyState = { hasCertificate: false, demo: false, hasCheck: false, consentNeeded: false };
const all: KeyState = { hasCertificate: true, demo: true, hasCheck: true, consentNeeded: true };
const keys = (k: { key: string }[]) => k.map((x) => x.key);

describe("keymap table", () => {
  it("every action has a key, a label and a help line", () => {
    for (const id of ACTION_IDS) {
      const documented = KEYMAP.filter((b) => b.action === id && b.help);
      expect(documented.length, id).toBeGreaterThan(0);
      for (const b of documented) {
        expect(b.key.trim(), id).not.toBe("");
        expect(b.help!.label.trim(), id).not.toBe("");
        expect(HELP_SECTIONS.map((s) => s.id), id).toContain(b.help!.section);
      }
    }
    for (const b of KEYMAP) {
      expect(ACTION_IDS, b.key).toContain(b.action);
      expect(Object.keys(b.inputs).length, b.key).toBeGreaterThan(0);
      expect(b.contexts.length, b.key).toBeGreaterThan(0);
      if (b.status) expect(b.status.label.trim(), b.key).not.toBe("");
    }
  });

  it("no key is bound twice in one context (Ctrl+C's context counts as every one)", () => {
    for (const ctx of [...SCREEN_CONTEXTS, "anywhere"] as KeyContext[]) {
      const seen = new Map<string, string>();
      for (const b of KEYMAP.filter((x) => x.contexts.includes(ctx) || x.contexts.includes("anywhere")))
        for (const name of Object.keys(b.inputs)) {
          expect(seen.get(name), `${name} in ${ctx}`).toBeUndefined();
          seen.set(name, b.action);
        }
    }
  });

  it("no character is bound in a text field, where it is typed (? only while the field is empty)", () => {
    const typing = { ...all, fieldEmpty: false };
    for (const b of KEYMAP.filter((x) => (x.contexts.includes("field") || x.contexts.includes("anywhere")) && (!x.when || x.when(typing))))
      for (const name of Object.keys(b.inputs)) expect(name.length, name).toBeGreaterThan(1);
  });

  it("keeps every key the README's dashboard table lists", () => {
    const bound = new Set(KEYMAP.flatMap((b) => Object.keys(b.inputs)));
    for (const k of ["tab", "shift+tab", "up", "down", "left", "right", "enter", "esc", "ctrl+c", ..."gexidatrvyRsq?uc"]) expect(bound, k).toContain(k);
  });

  it("Enter on every control runs an action", () => {
    for (const id of FOCUS_ORDER) expect(ACTION_IDS).toContain(ENTER_ACTION[id]);
  });
});

describe("dispatch", () => {
  it("names keys as Ink reports them", () => {
    expect(keyName("", { tab: true, shift: true })).toBe("shift+tab");
    expect(keyName("c", { ctrl: true })).toBe("ctrl+c");
    expect(keyName("\r", { return: true })).toBe("enter");
    expect(keyName("R", { shift: true })).toBe("R");
    expect(keyName("", {})).toBeUndefined();
  });

  it("names keys from the key stream", () => {
    const k = (name: string, mods: Partial<{ ctrl: boolean; alt: boolean; shift: boolean }> = {}) => streamKeyName({ name, ctrl: false, alt: false, shift: false, ...mods });
    expect(k("tab", { shift: true })).toBe("shift+tab");
    expect(k("c", { ctrl: true })).toBe("ctrl+c");
    expect(k("escape")).toBe("esc");
    expect(k("R")).toBe("R");
    expect(k("space")).toBe(" ");
    expect(k("g", { alt: true })).toBe("alt+g");
    expect(k("paste")).toBeUndefined();
  });

  it("? opens the help in a text field only while it is empty; F1 always", () => {
    expect(lookUp("field", "?", { ...none, fieldEmpty: true })).toEqual({ action: "help", step: 1 });
    expect(lookUp("field", "?", { ...none, fieldEmpty: false })).toBeUndefined();
    for (const ctx of SCREEN_CONTEXTS) expect(lookUp(ctx, "f1", none), ctx).toEqual({ action: "help", step: 1 });
  });

  it("arrows depend on where the focus is", () => {
    expect(lookUp(contextOf("certificates"), "up", all)).toEqual({ action: "select", step: -1 });
    expect(lookUp(contextOf("cloud"), "left", all)).toEqual({ action: "cloud", step: -1 });
    expect(lookUp(contextOf("save"), "right", all)).toEqual({ action: "focus", step: 1 });
    expect(lookUp(contextOf("certificates"), "left", all)).toBeUndefined();
    expect(lookUp(contextOf("tenantId"), "left", all)).toBeUndefined(); // the cursor's
    expect(lookUp(contextOf("tenantId"), "down", all)).toEqual({ action: "focus", step: 1 });
  });

  it("shortcuts do nothing in a text field or when unavailable", () => {
    expect(lookUp("field", "g", all)).toBeUndefined();
    expect(lookUp("button", "g", none)).toEqual({ action: "generate", step: 1 });
    for (const k of ["e", "x", "d", "v", "y", "u", "c"]) expect(lookUp("button", k, none), k).toBeUndefined();
    for (const k of ["e", "x", "d", "v", "y", "u", "c"]) expect(lookUp("button", k, all), k).toBeDefined();
    expect(lookUp("anywhere", "ctrl+c", none)).toEqual({ action: "interrupt", step: 1 });
  });

  it("keyFor gives the key shown in help", () => {
    expect(keyFor("generate")).toBe("g");
    expect(keyFor("register")).toBe("R");
    expect(keyFor("copyConsentUrl")).toBe("y");
    expect(keyFor("select")).toBe("↑/↓");
  });
});

describe("help and status line", () => {
  it("help lists the documented keys in table order; the demo section only in the demo", () => {
    expect(helpSections(none).map((s) => s.title)).toEqual(["Keys"]);
    const [main, demo] = helpSections({ ...none, demo: true });
    expect(keys(main!.keys)).toEqual(["Tab", "Shift+Tab", "↑/↓", "←/→", "Enter", "Enter", "Esc", ..."gexidatrvyRsq?", "F1", "Ctrl+C"]);
    expect(demo).toEqual({ title: "Demo (simulated tenant)", keys: [{ key: "u", label: "upload the certificate" }, { key: "c", label: "grant the missing consent" }] });
  });

  it("status line: keys of the focus, then help and quit before the shortcuts", () => {
    expect(statusKeys(contextOf("tenantId"), all)).toEqual([
      { key: "Tab", label: "next" },
      { key: "Enter", label: "next field" },
      { key: "Esc", label: "stop typing" },
      { key: "F1", label: "help" },
    ]);
    // left with Esc: the focus stays on the field, Enter types again, shortcuts work
    expect(keys(statusKeys(contextOf("tenantId", false), none))).toEqual(["Tab", "Enter", "?", "q", "g", "t", "s"]);
    expect(lookUp(contextOf("tenantId", false), "enter", none)).toEqual({ action: "edit", step: 1 });
    expect(lookUp(contextOf("tenantId", false), "g", none)).toEqual({ action: "generate", step: 1 });
    expect(lookUp(contextOf("tenantId"), "esc", none)).toEqual({ action: "leaveField", step: 1 });
    expect(keys(statusKeys(contextOf("certificates"), { ...all, demo: false }))).toEqual(["Tab", "↑/↓", "a", "?", "q", "g", "e", "t", "s"]);
    expect(keys(statusKeys(contextOf("cloud"), none))).toEqual(["Tab", "←/→", "?", "q", "g", "t", "s"]);
    expect(statusKeys(contextOf("save"), { ...none, demo: true })).toEqual([
      { key: "Tab", label: "next" },
      { key: "Enter", label: "run" },
      { key: "?", label: "help" },
      { key: "q", label: "quit" },
      { key: "u", label: "upload" },
      { key: "c", label: "consent" },
      { key: "g", label: "Generate" },
      { key: "t", label: "Test" },
      { key: "s", label: "Save" },
    ]);
  });
});
