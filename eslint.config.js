// @ts-check
// Lint: typescript-eslint and react-hooks recommended rules, plus the layer boundaries of src/ (README, "Development").
// Tests and *.test-support.ts(x) may import anything; the boundaries apply to the rest of src/.
import { fileURLToPath } from "node:url";
import { defineConfig } from "eslint/config";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

const root = fileURLToPath(new URL(".", import.meta.url));

const testFiles = ["**/*.test.{ts,tsx}", "**/*.test-support.{ts,tsx}", "test/**"];

/**
 * The layers of src/ and what each may import from src/ (third-party packages and node builtins aside).
 * `tui` means tui/ outside tui/state, which is a layer of its own below the screens.
 * Core types: screens and components may `import type` from core (enforced below, by import kind).
 * @type {Record<string, { path: string, mayImport: string[] }>}
 */
const layers = {
  core: { path: "src/core", mayImport: ["core"] },
  present: { path: "src/present", mayImport: ["core", "present"] },
  cli: { path: "src/cli", mayImport: ["core", "present", "cli"] },
  tuiState: { path: "src/tui/state", mayImport: ["core", "present", "tuiState"] },
  tui: { path: "src/tui", mayImport: ["core", "present", "tui", "tuiState", "screens", "components"] },
  screens: { path: "src/screens", mayImport: ["screens", "components", "tuiState", "present", "core"] },
  components: { path: "src/components", mayImport: ["components", "present", "core"] },
  simulator: { path: "src/simulator", mayImport: ["simulator"] },
  main: { path: "src/main.ts", mayImport: ["cli", "tui"] },
  version: { path: "src/version.ts", mayImport: [] },
};
/** The only two files that may load the simulator (both at run time, on demand). */
const simulatorUsers = ["src/cli/commands/simulate.ts", "src/tui/demo.ts"];

/** import-x zones: for each layer, every other layer it may not import. */
function boundaryZones() {
  const zones = [];
  for (const [name, layer] of Object.entries(layers)) {
    const message = layer.mayImport.length ? `${layer.path} may import only ${layer.mayImport.join(", ")} from src.` : `${layer.path} imports nothing from src.`;
    for (const [otherName, other] of Object.entries(layers)) {
      if (otherName === name || layer.mayImport.includes(otherName)) continue;
      if (otherName === "simulator") continue; // one zone below, for everyone but its two users
      if (otherName === "version") continue; // a constant set by the build: any layer may show it
      const tuiForbidden = name !== "tui" && !layer.mayImport.includes("tui");
      if (otherName === "tuiState" && tuiForbidden) continue; // the tui zone covers tui/state (it is inside)
      const except = otherName === "tui" && layer.mayImport.includes("tuiState") ? ["./state"] : [];
      zones.push({ target: layer.path, from: other.path, except, message });
    }
  }
  zones.push({
    target: ["src/!(simulator)/**", "src/*.{ts,tsx}"],
    from: "src/simulator",
    message: `Only ${simulatorUsers.join(" and ")} load the simulator.`,
  });
  return zones;
}

export default defineConfig(
  { ignores: ["dist/**", "node_modules/**", "coverage/**"] },
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // Where React is (core, cli and the simulator have none): its compiler-based rules are the slow part of the lint.
    files: ["src/{components,screens,tui}/**/*.{ts,tsx}", "**/*.tsx"],
    ...reactHooks.configs.flat.recommended,
  },
  {
    rules: {
      // `_`-prefixed names are deliberately unused (placeholders in signatures and destructuring).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // A `let` read by a closure declared before its one assignment (cleanup handlers set up before the thing).
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Build scripts and configs are plain ESM for node, type-checked by tsc (checkJs), which catches undefined names.
    files: ["**/*.{js,mjs}"],
    rules: { "no-undef": "off" },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    ignores: testFiles,
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: `${root}tsconfig.json` })],
    },
    rules: {
      "import-x/no-restricted-paths": ["error", { basePath: root, zones: boundaryZones() }],
      "import-x/no-cycle": "error",
    },
  },
  {
    // The simulator's permitted users: the same zones minus the simulator one.
    files: simulatorUsers,
    rules: {
      "import-x/no-restricted-paths": ["error", { basePath: root, zones: boundaryZones().filter((z) => z.from !== "src/simulator") }],
    },
  },
  {
    // Screens and components see core through its types only; values reach them through present or tui/state.
    files: ["src/screens/**/*.{ts,tsx}", "src/components/**/*.{ts,tsx}"],
    ignores: testFiles,
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "(^|/)core/",
              allowTypeImports: true,
              message: "screens and components may import core types only (import type); values come through present or tui/state.",
            },
          ],
        },
      ],
    },
  },
  {
    // present is pure text: core and node builtins only.
    files: ["src/present/**/*.ts"],
    ignores: testFiles,
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ regex: "^(?!node:|\\.)", message: "present imports only core and node builtins." }] },
      ],
    },
  },
);
