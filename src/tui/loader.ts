// Loads the dashboard (Ink, React and the screens: ~1 MB of JavaScript). The build compiles it as one classic
// script, dist/dashboard.vm.js, with a V8 code cache made at build time after a warm-up render
// (dist/dashboard.vm.cache): compiling it from the cache instead of from source saves most of the first frame's
// compile time (Node 20 has no module.enableCompileCache, and ES modules cannot take a code cache).
// When the cache does not fit this node (another version or V8 flags), V8 rejects it and the script is compiled
// from source; without the script (running from source) the ES module is imported.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Script } from "node:vm";
import type * as DashboardModule from "./run.js";

export type Dashboard = typeof DashboardModule;

/** Set by the build: the dashboard script and its code cache, relative to this module's file. */
declare const IBI_ENTRA_DASHBOARD_SCRIPT: string | undefined;
declare const IBI_ENTRA_DASHBOARD_CACHE: string | undefined;

export async function loadDashboard(): Promise<Dashboard> {
  // DEV=true asks Ink for React devtools, which only its ES module build can load.
  if (typeof IBI_ENTRA_DASHBOARD_SCRIPT === "string" && typeof IBI_ENTRA_DASHBOARD_CACHE === "string" && process.env.DEV !== "true") {
    const file = fileURLToPath(new URL(IBI_ENTRA_DASHBOARD_SCRIPT, import.meta.url));
    const cacheFile = fileURLToPath(new URL(IBI_ENTRA_DASHBOARD_CACHE, import.meta.url));
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // no cache: compile from source
    }
    return runDashboardScript(file, cachedData).exports as Dashboard;
  }
  return import("./run.js");
}

/**
 * Runs the dashboard script: a function expression taking what a CommonJS module gets, plus `import()` (a
 * vm.Script cannot import by itself) and the script's own URL for import.meta.url. Exported for the build,
 * which calls it without a cache, renders once, and then saves `script.createCachedData()`.
 */
export function runDashboardScript(file: string, cachedData?: Buffer): { exports: unknown; script: Script } {
  const script = new Script(readFileSync(file, "utf8"), { filename: file, cachedData });
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} };
  const importModule = (specifier: string) => import(specifier);
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file), importModule, pathToFileURL(file).href);
  return { exports: module.exports, script };
}

/** `ibi-entra` without arguments: the dashboard, without loading the command line parser first. */
export async function openDashboard(): Promise<void> {
  try {
    const { runDashboard } = await loadDashboard();
    process.exitCode = await runDashboard({});
  } catch (e) {
    const { errorLines, errorReport } = await import("../present/error-report.js");
    const r = errorReport(e);
    process.stderr.write(errorLines(r));
    process.exitCode = r.exitCode;
  }
}
