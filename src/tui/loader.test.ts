// The built dashboard script and its code cache (npm run build): V8 accepts the cache on this node, and a cache
// that does not fit (another node or V8 flags) is rejected without harm: the script is compiled from source.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const DIST = join(resolve(new URL("../..", import.meta.url).pathname), "dist");
const built = existsSync(join(DIST, "dashboard.vm.js")) && existsSync(join(DIST, "dashboard.vm.cache"));

/** Loads the script in a fresh node (a test worker may run with other V8 flags) and reports what happened. */
function load(cache: "built" | "foreign" | "none", nodeArgs: string[] = []): { rejected: boolean | undefined; exports: string[] } {
  const code = `
    import { readFileSync } from "node:fs";
    import { runDashboardScript } from ${JSON.stringify(join(DIST, "tui-loader.js"))};
    const file = ${JSON.stringify(join(DIST, "dashboard.vm.js"))};
    const cache = ${JSON.stringify(cache)} === "built" ? readFileSync(${JSON.stringify(join(DIST, "dashboard.vm.cache"))})
      : ${JSON.stringify(cache)} === "foreign" ? Buffer.from("not a code cache of this script") : undefined;
    const { exports, script } = runDashboardScript(file, cache);
    process.stdout.write(JSON.stringify({ rejected: script.cachedDataRejected, exports: Object.keys(exports).sort() }));
    process.exit(0);`;
  const r = spawnSync(process.execPath, [...nodeArgs, "--input-type=module", "-e", code], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as { rejected: boolean | undefined; exports: string[] };
}

describe.skipIf(!built)("dashboard script with its code cache", () => {
  it("is accepted by the node that built it", () => {
    expect(load("built")).toEqual({ rejected: false, exports: ["NO_TTY_MESSAGE", "runDashboard", "warmUpDashboard"] });
  });

  it("runs from source when the cache does not fit", () => {
    expect(load("foreign")).toMatchObject({ rejected: true, exports: ["NO_TTY_MESSAGE", "runDashboard", "warmUpDashboard"] });
    // other V8 flags than at build time: V8 refuses the cache itself
    expect(load("built", ["--no-lazy-feedback-allocation"])).toMatchObject({ rejected: true });
    expect(load("none").exports).toContain("runDashboard");
  });
});

describe.skipIf(!built)("dashboard script without the simulator", () => {
  it("leaves the simulator out and has --demo import its ES module chunk, found next to the script", () => {
    const script = readFileSync(join(DIST, "dashboard.vm.js"), "utf8");
    // a Graph error code and the state error that only the simulator has (matched, not diffed: the script is ~1 MB)
    expect(/Request_ResourceNotFound|SimulatorStateError/.exec(script)?.[0]).toBeUndefined();
    const chunk = /__ibiImport\(new URL\("(\.\/chunks\/simulator-[A-Z0-9]+\.js)", __ibiImportMetaUrl\)\.href\)/.exec(script)?.[1];
    expect(chunk).toBeDefined();
    // the chunk loads on its own, in a fresh node, and is the simulator
    const code = `const m = await import(${JSON.stringify(new URL(chunk!, `file://${join(DIST, "dashboard.vm.js")}`).href)});
      process.stdout.write(JSON.stringify([typeof m.startSimulator, typeof m.sampleState]));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual(["function", "function"]);
  });
});
