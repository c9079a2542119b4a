// @ts-check
// Run by build.mjs: compiles dist/dashboard.vm.js without a cache, draws the dashboard once in memory
// (src/dashboard-warmup.ts), then saves the V8 code cache, which now holds the functions that draw ran,
// to dist/dashboard.vm.cache.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
/** @type {typeof import("../src/tui/loader.js")} the built loader (this runs after the build) */
const { runDashboardScript } = await import(new URL("../dist/tui-loader.js", import.meta.url).href);

const file = fileURLToPath(new URL("../dist/dashboard.vm.js", import.meta.url));
const { exports, script } = runDashboardScript(file);
await /** @type {typeof import("../src/tui/script.js")} */ (exports).warmUpDashboard();
writeFileSync(fileURLToPath(new URL("../dist/dashboard.vm.cache", import.meta.url)), script.createCachedData());
process.exit(0);
