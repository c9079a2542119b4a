// The dashboard's keys in one table: which key runs which action, where, when, and how the help overlay and the
// status line name it. The screen dispatches through lookUp and registers one handler per action id; the help
// and the status line are read from the same rows, so a new key is added here once. No React here.
import { TEXT_FIELDS, type FocusId } from "./view-model.js";

/** Everything a key can do on the main screen. Each id has a handler in the screen (src/screens/dashboard-handlers.ts). */
export const ACTION_IDS = [
  "focus", // step +1 next control, -1 previous
  "select", // step ±1 in the certificate list
  "cloud", // step ±1 through the clouds
  "act", // Enter: the focused control's action (a text field: the next field)
  "leaveField", // Esc in a text field: stop editing, the focus stays (shortcuts work again)
  "edit", // Enter on a text field left with Esc: edit it again
  "generate",
  "exportPublic",
  "exportPfx",
  "import",
  "delete",
  "activate",
  "testConnection",
  "recheck",
  "details",
  "copyConsentUrl",
  "register",
  "save",
  "quit",
  "help",
  "interrupt", // Ctrl+C: asks if unsaved, quits from the question or a modal
  "demoUpload",
  "demoGrantConsent",
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

/**
 * Where the focus is: a text field being edited (typing goes to it, so no single-key shortcuts), a text field
 * left with Esc ("idleField": focus kept, shortcuts work), the cloud choice, the certificate list or a button.
 * "anywhere" keys work in dialogs too.
 */
export type KeyContext = "field" | "idleField" | "cloud" | "list" | "button" | "anywhere";
export const SCREEN_CONTEXTS: readonly KeyContext[] = ["field", "idleField", "cloud", "list", "button"];
const NOT_IN_FIELD: readonly KeyContext[] = ["idleField", "cloud", "list", "button"];

/** What decides whether a key is available right now. */
export interface KeyState {
  hasCertificate: boolean;
  demo: boolean;
  /** a check result or a check error exists (v shows it in full) */
  hasCheck: boolean;
  /** the last check signed in and a permission lacks consent (y copies the URL) */
  consentNeeded: boolean;
  /** the focused text field is empty (then ? opens the help instead of being typed) */
  fieldEmpty?: boolean;
}

/** A key reduced to one name: "tab", "shift+tab", "up", "down", "left", "right", "enter", "esc", "f1", "ctrl+c", or the character typed. */
export type KeyName = string;

export interface Binding {
  /** how help and the status line show the key */
  key: string;
  /** the key names that trigger it, each with the step passed to the handler */
  inputs: Readonly<Record<KeyName, 1 | -1>>;
  action: ActionId;
  contexts: readonly KeyContext[];
  /** off: the key does nothing (and is not on the status line) */
  when?: (s: KeyState) => boolean;
  /** its line in the help overlay; a binding without one is an alias of a documented key */
  help?: { section: HelpSectionId; label: string };
  /** its place on the status line: lowest first, since the line is cut at the terminal's edge */
  status?: { label: string; order: number; contexts?: readonly KeyContext[] };
}

export type HelpSectionId = "keys" | "demo";
export const HELP_SECTIONS: readonly { id: HelpSectionId; title: string; when?: (s: KeyState) => boolean }[] = [
  { id: "keys", title: "Keys" },
  { id: "demo", title: "Demo (simulated tenant)", when: (s) => s.demo },
];

const hasCertificate = (s: KeyState) => s.hasCertificate;
const demo = (s: KeyState) => s.demo;

// Status line order: Tab, the keys of the focused control, then help and quit (the line is cut at the
// terminal's edge, so they come before the shortcuts), demo keys, then the common actions.
const S_TAB = 10;
const S_HERE = 20;
const S_HELP = 30;
const S_DEMO = 40;
const S_COMMON = 50;

/** In help order (the overlay lists the documented rows as they come here). */
export const KEYMAP: readonly Binding[] = [
  { key: "Tab", inputs: { tab: 1 }, action: "focus", contexts: SCREEN_CONTEXTS, help: { section: "keys", label: "next control" }, status: { label: "next", order: S_TAB } },
  { key: "Shift+Tab", inputs: { "shift+tab": -1 }, action: "focus", contexts: SCREEN_CONTEXTS, help: { section: "keys", label: "previous control" } },
  { key: "↑/↓", inputs: { up: -1, down: 1 }, action: "select", contexts: ["list"], help: { section: "keys", label: "certificate list" }, status: { label: "select", order: S_HERE } },
  // Elsewhere the arrows walk the controls like Tab (in a text field ←/→ move the cursor instead).
  { key: "↑/↓", inputs: { up: -1, down: 1 }, action: "focus", contexts: ["field", "idleField", "cloud", "button"] },
  { key: "←/→", inputs: { left: -1, right: 1 }, action: "cloud", contexts: ["cloud"], help: { section: "keys", label: "change the cloud" }, status: { label: "cloud", order: S_HERE } },
  { key: "←/→", inputs: { left: -1, right: 1 }, action: "focus", contexts: ["button"] },
  { key: "Enter", inputs: { enter: 1 }, action: "act", contexts: ["cloud", "list", "button"], help: { section: "keys", label: "act / next field" }, status: { label: "run", order: S_HERE, contexts: ["button"] } },
  { key: "Enter", inputs: { enter: 1 }, action: "act", contexts: ["field"], status: { label: "next field", order: S_HERE } },
  { key: "Enter", inputs: { enter: 1 }, action: "edit", contexts: ["idleField"], help: { section: "keys", label: "type again after Esc" }, status: { label: "edit", order: S_HERE } },
  // Esc stops typing but keeps the focus on the field (it used to jump to Cloud); nothing typed is undone.
  { key: "Esc", inputs: { esc: 1 }, action: "leaveField", contexts: ["field"], help: { section: "keys", label: "close, cancel, stop typing" }, status: { label: "stop typing", order: S_HERE + 1 } },
  { key: "g", inputs: { g: 1 }, action: "generate", contexts: NOT_IN_FIELD, help: { section: "keys", label: "Generate" }, status: { label: "Generate", order: S_COMMON } },
  { key: "e", inputs: { e: 1 }, action: "exportPublic", contexts: NOT_IN_FIELD, when: hasCertificate, help: { section: "keys", label: "Export (Public Key Only)..." }, status: { label: "Export", order: S_COMMON + 1 } },
  { key: "x", inputs: { x: 1 }, action: "exportPfx", contexts: NOT_IN_FIELD, when: hasCertificate, help: { section: "keys", label: "Export PFX (with key)" } },
  { key: "i", inputs: { i: 1 }, action: "import", contexts: NOT_IN_FIELD, help: { section: "keys", label: "Import PFX or PEM" } },
  { key: "d", inputs: { d: 1 }, action: "delete", contexts: NOT_IN_FIELD, when: hasCertificate, help: { section: "keys", label: "Delete certificate" } },
  // Without a certificate the model explains what to do, so "a" stays available.
  { key: "a", inputs: { a: 1 }, action: "activate", contexts: NOT_IN_FIELD, help: { section: "keys", label: "activate certificate" }, status: { label: "activate", order: S_HERE + 1, contexts: ["list"] } },
  { key: "t", inputs: { t: 1 }, action: "testConnection", contexts: NOT_IN_FIELD, help: { section: "keys", label: "Test connection" }, status: { label: "Test", order: S_COMMON + 2 } },
  { key: "r", inputs: { r: 1 }, action: "recheck", contexts: NOT_IN_FIELD, help: { section: "keys", label: "re-check every 5 s on/off" } },
  { key: "v", inputs: { v: 1 }, action: "details", contexts: NOT_IN_FIELD, when: (s) => s.hasCheck, help: { section: "keys", label: "check details in full" } },
  { key: "y", inputs: { y: 1 }, action: "copyConsentUrl", contexts: NOT_IN_FIELD, when: (s) => s.consentNeeded, help: { section: "keys", label: "copy consent URL (OSC 52)" } },
  { key: "R", inputs: { R: 1 }, action: "register", contexts: NOT_IN_FIELD, help: { section: "keys", label: "Register in Azure..." } },
  { key: "s", inputs: { s: 1 }, action: "save", contexts: NOT_IN_FIELD, help: { section: "keys", label: "Save" }, status: { label: "Save", order: S_COMMON + 3 } },
  { key: "q", inputs: { q: 1 }, action: "quit", contexts: NOT_IN_FIELD, help: { section: "keys", label: "quit (asks if unsaved)" }, status: { label: "quit", order: S_HELP + 1 } },
  { key: "?", inputs: { "?": 1 }, action: "help", contexts: NOT_IN_FIELD, help: { section: "keys", label: "help (in a field: if empty)" }, status: { label: "help", order: S_HELP } },
  // In a text field ? is text, except in an empty field (nothing to type a ? into at the start of an ID).
  { key: "?", inputs: { "?": 1 }, action: "help", contexts: ["field"], when: (s) => Boolean(s.fieldEmpty) },
  { key: "F1", inputs: { f1: 1 }, action: "help", contexts: SCREEN_CONTEXTS, help: { section: "keys", label: "help, also while typing" }, status: { label: "help", order: S_HELP, contexts: ["field"] } },
  { key: "Ctrl+C", inputs: { "ctrl+c": 1 }, action: "interrupt", contexts: ["anywhere"], help: { section: "keys", label: "quit" } },
  { key: "u", inputs: { u: 1 }, action: "demoUpload", contexts: NOT_IN_FIELD, when: demo, help: { section: "demo", label: "upload the certificate" }, status: { label: "upload", order: S_DEMO } },
  { key: "c", inputs: { c: 1 }, action: "demoGrantConsent", contexts: NOT_IN_FIELD, when: demo, help: { section: "demo", label: "grant the missing consent" }, status: { label: "consent", order: S_DEMO + 1 } },
];

/** What the status line shows while a dialog is open (each dialog handles its own keys). */
export const DIALOG_STATUS_KEYS: readonly KeyHelp[] = [
  { key: "Esc", label: "close" },
  { key: "Enter", label: "OK" },
];

export interface KeyHelp {
  key: string;
  label: string;
}

/** Ink's key flags, as far as the keymap reads them. */
export interface KeyFlags {
  ctrl?: boolean;
  shift?: boolean;
  tab?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  return?: boolean;
  escape?: boolean;
}

export function keyName(input: string, key: KeyFlags): KeyName | undefined {
  if (key.ctrl) return input ? `ctrl+${input}` : undefined;
  if (key.tab) return key.shift ? "shift+tab" : "tab";
  if (key.upArrow) return "up";
  if (key.downArrow) return "down";
  if (key.leftArrow) return "left";
  if (key.rightArrow) return "right";
  if (key.return) return "enter";
  if (key.escape) return "esc";
  return input || undefined;
}

/** A key from the key stream (src/components/keys.ts), as far as the keymap reads it. */
export interface StreamKey {
  name: string;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
}

export function streamKeyName(k: StreamKey): KeyName | undefined {
  if (k.name === "paste" || k.name === "unknown") return undefined;
  const name = k.name === "space" ? " " : k.name === "escape" ? "esc" : k.name;
  if (k.ctrl) return `ctrl+${name}`;
  if (k.alt) return `alt+${name}`;
  if (k.name === "tab" && k.shift) return "shift+tab";
  return name;
}

/** While an action runs, keys are not queued: an action key is refused on the spinner line (use-action-runner.ts). */
export const HELP_NOTE = "one action at a time; another is refused, shown";

export function contextOf(focus: FocusId, editing = true): KeyContext {
  if (TEXT_FIELDS.has(focus)) return editing ? "field" : "idleField";
  if (focus === "cloud") return "cloud";
  if (focus === "certificates") return "list";
  return "button";
}

const available = (b: Binding, s: KeyState) => !b.when || b.when(s);

/** The action a key runs in a context, with its step, or undefined when the key does nothing there now. */
export function lookUp(context: KeyContext, name: KeyName | undefined, s: KeyState): { action: ActionId; step: 1 | -1 } | undefined {
  if (name === undefined) return undefined;
  const b = KEYMAP.find((x) => x.contexts.includes(context) && name in x.inputs);
  if (!b || !available(b, s)) return undefined;
  return { action: b.action, step: b.inputs[name]! };
}

/** The help overlay's sections: every documented key, the demo section only in the demo. */
export function helpSections(s: KeyState): { title: string; keys: KeyHelp[] }[] {
  return HELP_SECTIONS.filter((sec) => !sec.when || sec.when(s)).map((sec) => ({
    title: sec.title,
    keys: KEYMAP.filter((b) => b.help?.section === sec.id).map((b) => ({ key: b.key, label: b.help!.label })),
  }));
}

/** The few keys that work where the focus is, for the status line, in its order. */
export function statusKeys(context: KeyContext, s: KeyState): KeyHelp[] {
  return KEYMAP.filter((b) => b.status && b.contexts.includes(context) && (!b.status.contexts || b.status.contexts.includes(context)) && available(b, s))
    .map((b, i) => ({ b, i }))
    .sort((x, y) => x.b.status!.order - y.b.status!.order || x.i - y.i)
    .map(({ b }) => ({ key: b.key, label: b.status!.label }));
}

/** The key shown for an action (in help and hints), e.g. keyFor("generate") === "g". */
export function keyFor(action: ActionId): string {
  return keyHelp(action).key;
}

/** An action's key with its label in help, e.g. { key: "g", label: "Generate" } (next steps name it so). */
export function keyHelp(action: ActionId): KeyHelp {
  const b = KEYMAP.find((x) => x.action === action && x.help) ?? KEYMAP.find((x) => x.action === action);
  // ACTION_IDS and KEYMAP are checked against each other in keymap.test.ts
  return { key: b!.key, label: b!.help?.label ?? b!.status?.label ?? action };
}

/** Enter on a control runs that control's action; in a text field it goes to the next control. */
export const ENTER_ACTION: Readonly<Record<FocusId, ActionId>> = {
  tenantId: "focus",
  applicationId: "focus",
  cloud: "cloud",
  register: "register",
  certificates: "activate",
  generate: "generate",
  exportPublic: "exportPublic",
  exportPfx: "exportPfx",
  import: "import",
  delete: "delete",
  activate: "activate",
  testConnection: "testConnection",
  recheck: "recheck",
  save: "save",
};
