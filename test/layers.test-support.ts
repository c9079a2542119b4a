// The folder-level import graph of src/ (non-test source), for test/layers.test.ts.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export const srcDir = path.resolve(import.meta.dirname, "../src");

const isTestFile = (file: string) => /\.test(-support)?\.tsx?$/.test(file);

/** Non-test .ts/.tsx files under src/, relative to src/ with "/" separators. */
export function sourceFiles(dir = srcDir): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: false }) as string[])
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".d.ts") && !isTestFile(f))
    .sort();
}

/**
 * The folder a file belongs to: core's subfolders (entra, crypto, store, actions) and tui/state count as folders of
 * their own; a file directly in src/ (main.ts, version.ts) is a node of its own.
 */
export function folderOf(file: string): string {
  const parts = file.split("/");
  if (parts.length === 1) return file;
  if (parts[0] === "core") return parts.length > 2 ? `core/${parts[1]}` : "core";
  if (parts[0] === "tui" && parts[1] === "state" && parts.length > 2) return "tui/state";
  return parts[0]!;
}

/** Resolves a relative specifier ("./x.js") from a file (both relative to src/) to a source file, if it is one. */
function resolveSpecifier(from: string, specifier: string, files: Set<string>): string | undefined {
  if (!specifier.startsWith(".")) return undefined; // packages and node builtins
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const stem = base.replace(/\.(js|jsx|ts|tsx)$/, "");
  return [`${stem}.ts`, `${stem}.tsx`, `${base}/index.ts`, `${base}/index.tsx`].find((c) => files.has(c));
}

export interface Edge {
  from: string;
  to: string;
  /** one import behind the edge, for the message: "cli/program.ts imports ../core/errors.js" */
  example: string;
}

/** Folder → folder edges of every import (static, dynamic, type-only and re-exports) in non-test source. */
export function folderEdges(dir = srcDir): Edge[] {
  const files = sourceFiles(dir);
  const known = new Set(files);
  const edges = new Map<string, Edge>();
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    const { importedFiles } = ts.preProcessFile(text, true, true);
    for (const { fileName } of importedFiles) {
      const target = resolveSpecifier(file, fileName, known);
      if (!target) continue;
      const [from, to] = [folderOf(file), folderOf(target)];
      if (from === to || edges.has(`${from}>${to}`)) continue;
      edges.set(`${from}>${to}`, { from, to, example: `${file} imports ${fileName}` });
    }
  }
  return [...edges.values()];
}

/** One cycle per strongly connected component of more than one folder (Tarjan), as edges in order. */
export function findCycles(edges: Edge[]): Edge[][] {
  const out = new Map<string, Edge[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e]);
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const { to } of out.get(v) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(v, Math.min(low.get(v)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(v, Math.min(low.get(v)!, index.get(to)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component);
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);

  // Within a component every folder reaches every other: walk back from the first folder to itself (BFS).
  return components.map((component) => {
    const inside = new Set(component);
    const start = [...component].sort()[0]!;
    const via = new Map<string, Edge>();
    const queue = [start];
    while (queue.length) {
      const v = queue.shift()!;
      for (const e of out.get(v) ?? []) {
        if (!inside.has(e.to) || via.has(e.to)) continue;
        via.set(e.to, e);
        queue.push(e.to);
      }
      if (via.has(start)) break;
    }
    const cycle: Edge[] = [];
    let at = start;
    do {
      const e = via.get(at)!;
      cycle.unshift(e);
      at = e.from;
    } while (at !== start);
    return cycle;
  });
}

export function describeCycle(cycle: Edge[]): string {
  return [cycle[0]!.from, ...cycle.map((e) => e.to)].join(" -> ") + "\n" + cycle.map((e) => `  ${e.from} -> ${e.to}: ${e.example}`).join("\n");
}
