// Bundles the CLI with esbuild: an unbundled Ink app spends ~1 s resolving ESM modules at start-up
// (shared/docs/startup-notes.md). Code splitting keeps the dashboard (Ink, React) in its own chunk so that
// plain subcommands never load it; msal, Graph, node-forge and the keyring addon stay external and are
// imported lazily only by the actions that need them.
//
// The dashboard is also built as one classic script, dist/dashboard.vm.js, which the CLI compiles with a V8 code
// cache (dist/dashboard.vm.cache) made here after a warm-up render: see src/tui/loader.ts. Its ES module
// chunk stays in the build for DEV=true (React devtools) and running without the script.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { rm, chmod, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { dashboardScriptPlugins, rewriteImports } from "./dashboard-plugins.mjs";

const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
const external = [
  "@napi-rs/keyring",
  "@azure/msal-node",
  "@microsoft/microsoft-graph-client",
  "node-forge",
  "undici",
  // Ink's optional devtools integration; never used at run time.
  "react-devtools-core",
];
const define = {
  "process.env.NODE_ENV": '"production"',
  IBI_ENTRA_VERSION: JSON.stringify(pkg.version),
};

await rm(new URL("../dist", import.meta.url), { recursive: true, force: true });
const esm = await build({
  entryPoints: { main: "src/main.ts", "tui-loader": "src/tui/loader.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: false,
  legalComments: "none",
  chunkNames: "chunks/[name]-[hash]",
  jsx: "automatic",
  define: {
    ...define,
    // relative to dist/tui-loader.js
    IBI_ENTRA_DASHBOARD_SCRIPT: JSON.stringify("./dashboard.vm.js"),
    IBI_ENTRA_DASHBOARD_CACHE: JSON.stringify("./dashboard.vm.cache"),
  },
  external,
  banner: {
    // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
    js: "import { createRequire as __ibiCreateRequire } from 'node:module'; const require = __ibiCreateRequire(import.meta.url);",
  },
  metafile: true,
  logLevel: "warning",
});
await chmod(new URL("../dist/main.js", import.meta.url), 0o755);

// Modules the dashboard script leaves out and imports, when needed, from their ES module chunk (paths relative to
// the script): the simulator (~75 kB) is only for --demo, and it shares no module with the dashboard (it imports
// nothing from core), so loading it as a separate module duplicates no state.
const scriptChunks = Object.fromEntries(
  ["src/simulator/index.ts"].map((entry) => {
    const out = Object.entries(esm.metafile.outputs).find(([, o]) => o.entryPoint === entry)?.[0];
    if (!out?.startsWith("dist/")) throw new Error(`no chunk of its own for ${entry} in the ES module build`);
    return [fileURLToPath(new URL(`../${entry}`, import.meta.url)), `./${out.slice("dist/".length)}`];
  }),
);

// The dashboard script: a function expression that src/tui/loader.ts calls with what a CommonJS module gets,
// plus import() and the script's URL (for import.meta.url), strict like the ES modules it is made of.
const script = await build({
  entryPoints: ["src/tui/script.ts"],
  write: false,
  outfile: "dist/dashboard.vm.js",
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  legalComments: "none",
  jsx: "automatic",
  define: { ...define, "import.meta.url": "__ibiImportMetaUrl" },
  minifyWhitespace: true,
  external,
  plugins: dashboardScriptPlugins(external, scriptChunks),
  banner: { js: '(function (exports, require, module, __filename, __dirname, __ibiImport, __ibiImportMetaUrl) { "use strict";' },
  footer: { js: "})" },
  logLevel: "warning",
});
const [scriptFile] = script.outputFiles;
await writeFile(scriptFile.path, rewriteImports(scriptFile.text));

// Its code cache, made by a separate node (the cache must come from the node and V8 flags that will run it),
// without CI in its environment (Ink draws differently in CI).
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "CI" && k !== "CONTINUOUS_INTEGRATION"));
const cache = spawnSync(process.execPath, [fileURLToPath(new URL("dashboard-cache.mjs", import.meta.url))], { env, encoding: "utf8" });
if (cache.status !== 0) throw new Error(`making the dashboard's code cache failed (exit ${cache.status ?? cache.signal}):\n${cache.stderr}`);
