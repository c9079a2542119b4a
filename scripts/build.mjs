// Bundles the CLI with esbuild: an unbundled Ink app spends ~1 s resolving ESM modules at start-up
// (shared/docs/startup-notes.md). Code splitting keeps the dashboard (Ink, React) in its own chunk so that
// plain subcommands never load it; msal, Graph, node-forge and the keyring addon stay external and are
// imported lazily only by the actions that need them.
import { build } from "esbuild";
import { rm, chmod, readFile } from "node:fs/promises";

const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));

await rm(new URL("../dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: "src/cli.ts" },
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
    "process.env.NODE_ENV": '"production"',
    IBI_ENTRA_VERSION: JSON.stringify(pkg.version),
  },
  external: [
    "@napi-rs/keyring",
    "@azure/msal-node",
    "@microsoft/microsoft-graph-client",
    "node-forge",
    "undici",
    // Ink's optional devtools integration; never used at run time.
    "react-devtools-core",
  ],
  banner: {
    // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
    js: "import { createRequire as __ibiCreateRequire } from 'node:module'; const require = __ibiCreateRequire(import.meta.url);",
  },
  logLevel: "warning",
});
await chmod(new URL("../dist/cli.js", import.meta.url), 0o755);
