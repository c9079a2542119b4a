// The layer boundaries in eslint.config.js fire on violating imports and stay quiet on permitted ones: snippets are
// linted as if they were files at the given paths in src/ (the files need not exist; their imports do).
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const boundaryRules = new Set(["import-x/no-restricted-paths", "@typescript-eslint/no-restricted-imports"]);
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The boundary findings for `code` placed at `file` (relative to the repository), as "rule: message". */
async function boundaryFindings(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId && boundaryRules.has(m.ruleId)).map((m) => `${m.ruleId}: ${m.message}`);
}

const violations: Array<[string, string, string, RegExp]> = [
  ["a component importing a core action", "src/components/Bad.tsx", `import { testConnection } from "../core/actions/test-connection.js";\nexport const x = testConnection;`, /no-restricted-imports.*core types only/],
  ["a component importing tui/state", "src/components/Bad.tsx", `import { useLatest } from "../tui/state/use-latest.js";\nexport const x = useLatest;`, /no-restricted-paths.*src\/components may import only components, present, core/],
  ["a core file importing present", "src/core/bad.ts", `import { clean } from "../present/text.js";\nexport const x = clean;`, /no-restricted-paths.*"\.\.\/present\/text\.js".*src\/core may import only core/],
  ["a core subfolder importing the CLI (dynamically)", "src/core/entra/bad.ts", `export const x = () => import("../../cli/output.js");`, /no-restricted-paths.*src\/core may import only core/],
  ["present importing a package", "src/present/bad.ts", `import chalk from "ink";\nexport const x = chalk;`, /no-restricted-imports.*present imports only core and node builtins/],
  ["present importing tui/state", "src/present/bad.ts", `import { useLatest } from "../tui/state/use-latest.js";\nexport const x = useLatest;`, /no-restricted-paths/],
  ["a screen with a value import from core", "src/screens/Bad.tsx", `import { Profile } from "../core/store/profile.js";\nexport const x = Profile;`, /no-restricted-imports.*core types only/],
  ["a screen importing the rest of tui", "src/screens/Bad.tsx", `import { runDashboard } from "../tui/run.js";\nexport const x = runDashboard;`, /no-restricted-paths.*"\.\.\/tui\/run\.js"/],
  ["tui/state importing a screen", "src/tui/state/bad.ts", `import { DashboardScreen } from "../../screens/DashboardScreen.js";\nexport const x = DashboardScreen;`, /no-restricted-paths.*src\/tui\/state may import only core, present, tuiState/],
  ["tui/state importing a component", "src/tui/state/bad.ts", `import type { Theme } from "../../components/Theme.js";\nexport type X = Theme;`, /no-restricted-paths/],
  ["tui/state importing the rest of tui", "src/tui/state/bad.ts", `import { openDashboard } from "../loader.js";\nexport const x = openDashboard;`, /no-restricted-paths.*"\.\.\/loader\.js"/],
  ["the CLI importing the dashboard", "src/cli/commands/bad.ts", `export const x = () => import("../../tui/loader.js");`, /no-restricted-paths.*src\/cli may import only core, present, cli/],
  ["the CLI importing a screen", "src/cli/bad.ts", `import { DashboardScreen } from "../screens/DashboardScreen.js";\nexport const x = DashboardScreen;`, /no-restricted-paths/],
  ["tui importing the CLI", "src/tui/bad.ts", `import { main } from "../cli/program.js";\nexport const x = main;`, /no-restricted-paths.*src\/tui may import only/],
  ["a component importing the CLI", "src/components/Bad.tsx", `import { main } from "../cli/program.js";\nexport const x = main;`, /no-restricted-paths/],
  ["a CLI command other than simulate loading the simulator", "src/cli/commands/check.ts", `export const x = () => import("../../simulator/index.js");`, /no-restricted-paths.*Only src\/cli\/commands\/simulate\.ts and src\/tui\/demo\.ts load the simulator/],
  ["tui outside demo.ts loading the simulator", "src/tui/run.tsx", `export const x = () => import("../simulator/index.js");`, /load the simulator/],
  ["the simulator importing core", "src/simulator/bad.ts", `import { IbiError } from "../core/errors.js";\nexport const x = IbiError;`, /no-restricted-paths.*src\/simulator may import only simulator/],
];

const permitted: Array<[string, string, string]> = [
  ["a component importing present and a core type", "src/components/Good.tsx", `import type { CheckResult } from "../core/entra/types.js";\nimport { clean } from "../present/text.js";\nexport const x = (r: CheckResult) => clean(String(r));`],
  ["a component with an inline type-only import from core", "src/components/Good.tsx", `import { type CertificateView } from "../core/store/profile.js";\nexport type X = CertificateView;`],
  ["a screen importing components, tui/state, present and core types", "src/screens/Good.tsx", `import { Button } from "../components/Button.js";\nimport { useLatest } from "../tui/state/use-latest.js";\nimport { clean } from "../present/text.js";\nimport type { Profile } from "../core/store/profile.js";\nexport const x = [Button, useLatest, clean] as unknown as Profile;`],
  ["tui/state importing core, present and itself", "src/tui/state/good.ts", `import { IbiError } from "../../core/errors.js";\nimport { clean } from "../../present/text.js";\nimport { useLatest } from "./use-latest.js";\nexport const x = [IbiError, clean, useLatest];`],
  ["present importing core and a node builtin", "src/present/good.ts", `import os from "node:os";\nimport { stripControl } from "../core/text.js";\nexport const x = [os, stripControl];`],
  ["the simulate command loading the simulator", "src/cli/commands/simulate.ts", `export const x = () => import("../../simulator/index.js");`],
  ["the demo loading the simulator", "src/tui/demo.ts", `export const x = () => import("../simulator/index.js");`],
  ["main.ts importing the CLI and the dashboard", "src/main.ts", `export const x = [() => import("./cli/program.js"), () => import("./tui/loader.js")];`],
  ["tui importing screens, components, tui/state, present and core", "src/tui/good.tsx", `import { DashboardApp } from "../screens/DashboardApp.js";\nimport { ThemeProvider } from "../components/Theme.js";\nimport { useLatest } from "./state/use-latest.js";\nimport { errorLines } from "../present/error-report.js";\nimport { IbiError } from "../core/errors.js";\nexport const x = [DashboardApp, ThemeProvider, useLatest, errorLines, IbiError];`],
  ["a test importing anything", "src/components/Good.test.tsx", `import { testConnection } from "../core/actions/test-connection.js";\nimport { main } from "../cli/program.js";\nimport { startSimulator } from "../simulator/index.js";\nexport const x = [testConnection, main, startSimulator];`],
  ["test support importing anything", "src/screens/good.test-support.ts", `import { Profile } from "../core/store/profile.js";\nimport { startSimulator } from "../simulator/index.js";\nexport const x = [Profile, startSimulator];`],
];

describe("eslint layer boundaries", () => {
  it.each(violations)("rejects %s", async (_label, file, code, expected) => {
    const findings = await boundaryFindings(file, code);
    expect(findings.length, findings.join("\n")).toBeGreaterThan(0);
    expect(findings.join("\n")).toMatch(expected);
  });

  it.each(permitted)("permits %s", async (_label, file, code) => {
    expect(await boundaryFindings(file, code)).toEqual([]);
  });
});
