// The build-time rewrites of third-party code in scripts/dashboard-plugins.mjs change speed, not results: a tiny
// entry is bundled twice with esbuild, with and without the plugin, and both bundles get the same inputs.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { dashboardScriptPlugins } from "../scripts/dashboard-plugins.mjs";

const root = resolve(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "ibi-entra-plugins-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function plugin(name: string): Plugin {
  const found = dashboardScriptPlugins([]).find((p) => p.name === name);
  if (!found) throw new Error(`no plugin ${name} in scripts/dashboard-plugins.mjs`);
  return found;
}

/** Bundles `entry` (ES module source, resolved from the repository) and imports it; also returns the bundle's text. */
async function bundle<T>(entry: string, name: string, plugins: Plugin[]): Promise<{ mod: T; text: string }> {
  const out = await build({
    stdin: { contents: entry, resolveDir: root, loader: "js", sourcefile: `${name}.mjs` },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    write: false,
    plugins,
    logLevel: "silent",
  });
  const text = out.outputFiles[0]!.text;
  const file = join(dir, `${name}-${plugins.length ? "patched" : "original"}.mjs`);
  writeFileSync(file, text);
  return { mod: (await import(pathToFileURL(file).href)) as T, text };
}

async function both<T>(entry: string, name: string, patch: Plugin) {
  const [original, patched] = await Promise.all([bundle<T>(entry, name, []), bundle<T>(entry, name, [patch])]);
  return { original, patched };
}

describe("lazy-emoji-regex (string-width)", () => {
  type M = { widths: (inputs: string[]) => number[][] };
  const entry = `
    import stringWidth from "string-width";
    export const widths = (inputs) => inputs.map((s) => [
      stringWidth(s),
      stringWidth(s, { ambiguousIsNarrow: false }),
    ]);`;

  // Every code point of the symbol and emoji blocks, alone and as the start of the sequences that make emoji
  // (presentation selector, keycap, skin tone, ZWJ), plus hand-picked text: CJK, ANSI, flags, tags, marks.
  const inputs: string[] = [];
  const ranges: Array<[number, number]> = [[0x20, 0x7f], [0xa0, 0x100], [0x2000, 0x3300], [0x1f000, 0x1fb00]];
  for (const [from, to] of ranges)
    for (let cp = from; cp < to; cp++) {
      const c = String.fromCodePoint(cp);
      inputs.push(c, `${c}\uFE0F`, `${c}\uFE0F\u20E3`, `${c}\u{1F3FD}`, `${c}\u200D\u{1F5E8}\uFE0F`);
    }
  inputs.push(
    "plain ASCII",
    "日本語のテキスト",
    "한국어 각",
    "\x1b[31mred\x1b[39m and \x1b[1mbold\x1b[22m",
    "\x1b]8;;https://example.com\x07link\x1b]8;;\x07",
    "👨‍👩‍👧‍👦 family",
    "🏳️‍🌈 🏴‍☠️",
    "🇩🇪🇯🇵",
    "🏴󠁧󠁢󠁳󠁣󠁴󠁿",
    "1️⃣ #⃣ *️⃣",
    "✔ ✅ ❤ ❤️ © ©️ ™ ⌚ ☺ ☺️",
    "e\u0301 a\u0308 \u200B\u200D",
    "ｆｕｌｌ ｗｉｄｔｈ ﾊﾝｶｸ",
    "ok ✓ ready · Test connection ⚠",
  );

  it("rewrites the module (else the comparison below would prove nothing)", async () => {
    const { original, patched } = await both<M>(entry, "string-width", plugin("lazy-emoji-regex"));
    expect(patched.text).toContain("mayBeEmojiRegex");
    expect(original.text).not.toContain("mayBeEmojiRegex");
  });

  it(`gives the same widths for ${inputs.length} strings`, async () => {
    const { original, patched } = await both<M>(entry, "string-width", plugin("lazy-emoji-regex"));
    const want = original.mod.widths(inputs);
    const got = patched.mod.widths(inputs);
    const differ = inputs.filter((_, i) => JSON.stringify(want[i]) !== JSON.stringify(got[i]));
    expect(differ.map((s) => [...s].map((c) => c.codePointAt(0)!.toString(16)).join(" "))).toEqual([]);
    expect(want.some(([w]) => w === 2)).toBe(true); // the table does hold wide characters
  });
});

describe("ansi-tokenize-fast-paths (@alcalzone/ansi-tokenize)", () => {
  type M = { run: (inputs: string[]) => unknown };
  const entry = `
    import { tokenize, styledCharsFromTokens, styledCharsToString, diffAnsiCodes, ansiCodesToString, reduceAnsiCodes } from "@alcalzone/ansi-tokenize";
    export function run(inputs) {
      return inputs.map((s) => {
        const chars = styledCharsFromTokens(tokenize(s));
        const styles = chars.map((c) => reduceAnsiCodes(c.styles));
        const unique = [[], ...new Map(styles.map((st) => [JSON.stringify(st), st])).values()];
        return {
          tokens: tokenize(s),
          text: styledCharsToString(chars),
          strings: styles.map(ansiCodesToString),
          // every pair of styles seen, both ways and each with itself (the equal-style fast path)
          diffs: unique.flatMap((from) => unique.map((to) => ansiCodesToString(diffAnsiCodes(from, to)))),
        };
      });
    }`;
  const inputs = [
    "plain",
    "\x1b[31mred\x1b[39m plain \x1b[32mgreen\x1b[39m",
    "\x1b[1m\x1b[2mbold dim\x1b[22m normal",
    "\x1b[1mbold \x1b[2mand dim\x1b[22m\x1b[1m bold again\x1b[22m",
    "\x1b[38;5;208morange\x1b[39m \x1b[48;2;10;20;30mtruecolor bg\x1b[49m",
    "\x1b[4m\x1b[31munderlined red\x1b[39m underlined\x1b[24m",
    "\x1b[7minverse\x1b[27m \x1b[3mitalic\x1b[23m \x1b[9mstrike\x1b[29m",
    "\x1b[31m\x1b[1mred bold\x1b[0m reset",
    "\x1b]8;;https://example.com\x07link\x1b]8;;\x07 after",
    "\x1b[32m日本語 👍\x1b[39m wide",
  ];

  it("rewrites both modules", async () => {
    const { original, patched } = await both<M>(entry, "ansi-tokenize", plugin("ansi-tokenize-fast-paths"));
    expect(patched.text).toContain("if (codes.length === 0)");
    expect(patched.text).toContain("from.every(");
    expect(original.text).not.toContain("from.every(");
  });

  it("gives the same tokens, strings and style diffs", async () => {
    const { original, patched } = await both<M>(entry, "ansi-tokenize", plugin("ansi-tokenize-fast-paths"));
    expect(patched.mod.run(inputs)).toEqual(original.mod.run(inputs));
  });
});

describe("yoga-sync (yoga-layout)", () => {
  type Box = { left: number; top: number; width: number; height: number };
  type M = { layout: (columns: number, rows: number) => Box[] };
  // A small Ink-like tree: a column with a header, a row of two panes (one growing, one with a measured text leaf)
  // and a footer; absolute and percentage sizes, padding, margins, gaps, min/max and wrapping.
  const entry = `
    import Yoga from "yoga-layout";
    export function layout(columns, rows) {
      const nodes = [];
      const node = (parent, setup) => {
        const n = Yoga.Node.create();
        setup(n);
        if (parent) parent.insertChild(n, parent.getChildCount());
        nodes.push(n);
        return n;
      };
      const root = node(undefined, (n) => { n.setWidth(columns); n.setHeight(rows); n.setFlexDirection(Yoga.FLEX_DIRECTION_COLUMN); n.setPadding(Yoga.EDGE_ALL, 1); });
      node(root, (n) => { n.setHeight(3); n.setBorder(Yoga.EDGE_ALL, 1); n.setMargin(Yoga.EDGE_BOTTOM, 1); });
      const row = node(root, (n) => { n.setFlexDirection(Yoga.FLEX_DIRECTION_ROW); n.setFlexGrow(1); n.setGap(Yoga.GUTTER_COLUMN, 2); n.setFlexWrap(Yoga.WRAP_WRAP); });
      node(row, (n) => { n.setFlexGrow(1); n.setMinWidth(20); n.setPadding(Yoga.EDGE_HORIZONTAL, 2); });
      const pane = node(row, (n) => { n.setWidthPercent(40); n.setMaxWidth(50); n.setAlignItems(Yoga.ALIGN_FLEX_END); });
      node(pane, (n) => n.setMeasureFunc((width) => ({ width: Math.min(width, 37), height: Math.ceil(37 / Math.max(1, Math.min(width, 37))) })));
      node(root, (n) => { n.setHeight(1); n.setPositionType(Yoga.POSITION_TYPE_ABSOLUTE); n.setPosition(Yoga.EDGE_BOTTOM, 0); n.setPosition(Yoga.EDGE_RIGHT, 2); n.setWidth(10); });
      root.calculateLayout(undefined, undefined, Yoga.DIRECTION_LTR);
      const boxes = nodes.map((n) => n.getComputedLayout()).map(({ left, top, width, height }) => ({ left, top, width, height }));
      root.freeRecursive();
      return boxes;
    }`;

  it("rewrites the loader to instantiate the wasm synchronously", async () => {
    const { original, patched } = await both<M>(entry, "yoga", plugin("yoga-sync"));
    expect(patched.text).toContain("yoga-layout did not start synchronously");
    expect(original.text).not.toContain("yoga-layout did not start synchronously");
  });

  it("lays out the same tree alike at several terminal sizes", async () => {
    const { original, patched } = await both<M>(entry, "yoga", plugin("yoga-sync"));
    for (const [columns, rows] of [[80, 24], [100, 30], [40, 10], [200, 60]] as const) {
      const want = original.mod.layout(columns, rows);
      expect(want[0]).toEqual({ left: 0, top: 0, width: columns, height: rows });
      expect(patched.mod.layout(columns, rows), `${columns}x${rows}`).toEqual(want);
    }
  });
});
