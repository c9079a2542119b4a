// No cycles between the folders of src/ (core's subfolders and tui/state count as folders of their own): the
// layering of README "Development" read off the import graph, including dynamic and type-only imports.
import { describe, expect, it } from "vitest";
import { describeCycle, findCycles, folderEdges, folderOf, type Edge } from "./layers.test-support.js";

describe("folder import graph", () => {
  it("maps files to folders", () => {
    expect(folderOf("main.ts")).toBe("main.ts");
    expect(folderOf("core/errors.ts")).toBe("core");
    expect(folderOf("core/entra/register/steps.ts")).toBe("core/entra");
    expect(folderOf("tui/run.tsx")).toBe("tui");
    expect(folderOf("tui/state/use-dashboard.ts")).toBe("tui/state");
    expect(folderOf("cli/commands/cert/list.ts")).toBe("cli");
  });

  it("sees the imports it should (static, dynamic and type-only)", () => {
    const edges = folderEdges().map((e) => `${e.from} -> ${e.to}`);
    expect(edges).toContain("main.ts -> cli"); // main.ts: await import("./cli/program.js")
    expect(edges).toContain("screens -> tui/state");
    expect(edges).toContain("components -> present");
    expect(edges).toContain("present -> core/entra"); // import type
  });

  it("finds and prints a cycle when there is one", () => {
    const edge = (from: string, to: string): Edge => ({ from, to, example: `${from}/a.ts imports ../${to}/b.js` });
    const cycles = findCycles([edge("a", "b"), edge("b", "c"), edge("c", "a"), edge("c", "d"), edge("d", "e")]);
    expect(cycles.map(describeCycle)).toEqual(["a -> b -> c -> a\n  a -> b: a/a.ts imports ../b/b.js\n  b -> c: b/a.ts imports ../c/b.js\n  c -> a: c/a.ts imports ../a/b.js"]);
    expect(findCycles([edge("a", "b"), edge("b", "c"), edge("a", "c")])).toEqual([]);
  });

  it("has no cycle between folders", () => {
    const cycles = findCycles(folderEdges()).map(describeCycle);
    expect(cycles, `folder cycles:\n${cycles.join("\n")}`).toEqual([]);
  });
});
