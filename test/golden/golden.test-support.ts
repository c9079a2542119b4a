// Shared by the golden screen tests: compare a frame with test/golden/<name>.txt (UPDATE_GOLDEN=1 writes it).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";

const GOLDEN_DIR = new URL(".", import.meta.url).pathname;
export const SIZE = { columns: 80, rows: 24 };
const update = process.env.UPDATE_GOLDEN === "1";

export function goldenFile(name: string, text: string): void {
  const file = join(GOLDEN_DIR, `${name}.txt`);
  if (update || !existsSync(file)) {
    if (!update) throw new Error(`no golden file ${file}: run UPDATE_GOLDEN=1 npx vitest run test/golden`);
    writeFileSync(file, text);
    return;
  }
  expect(text, `${name}: refresh with UPDATE_GOLDEN=1 npx vitest run test/golden if the change is intended`).toBe(readFileSync(file, "utf8"));
}

/** The frame fits the terminal: one row short of it (see DashboardApp), no line wider. */
export function fits(frame: string, size = SIZE): void {
  const lines = frame.split("\n");
  expect(lines.length).toBeLessThanOrEqual(size.rows - 1);
  for (const l of lines) expect(l.trimEnd().length).toBeLessThanOrEqual(size.columns);
}
