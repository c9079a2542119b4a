import { existsSync } from "node:fs";
import { configDefaults, defineConfig } from "vitest/config";

const allTests = ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"];

// The e2e lane: tests that need more than node and node_modules — the built CLI or dist/ (npm run build), tmux,
// openssl as the judge of what we write, or a real Secret Service (scripts/with-secret-service.sh). Everything else
// (unit, component, golden screens, the in-process simulator) is the unit lane: `npm run test:unit`.
const e2e = [
  "test/cli-check.test.ts",
  "test/cli-foundation.test.ts",
  "test/messages.test.ts",
  "test/register.test.ts",
  "test/dashboard-run.test.ts",
  "test/dashboard-tmux.test.ts",
  "test/keys-tmux.test.ts",
  "test/dashboard-app.test.tsx",
  "src/tui/loader.test.ts",
  "test/cert-list-rows.test.tsx",
  "test/concurrency.test.ts",
  "test/bad-paths.test.ts",
  "test/state-checks.test.ts",
  "test/kill-generate.test.ts",
  "test/package.test.ts",
  "test/safety.test.ts",
  "src/cli/commands/cert/export.test.ts",
  "src/cli/commands/cert/import.test.ts",
  "src/core/actions/export.test.ts",
  "src/core/actions/import.test.ts",
  "src/core/crypto/generate.test.ts",
  "src/core/crypto/import.test.ts",
  "src/core/crypto/pfx.test.ts",
  "src/core/crypto/x509.test.ts",
  "src/core/crypto/cms.test.ts",
  "src/core/entra/sign-in.test.ts",
  "src/core/store/profile.test.ts",
  "src/core/store/secret-store/choose.test.ts",
  "src/core/store/secret-store/keychain-store.test.ts",
  "src/core/store/keychain-orphans.test.ts",
  "src/simulator/simulator.test.ts",
];
// A renamed e2e test would otherwise land in the unit lane unnoticed.
const gone = e2e.filter((f) => !existsSync(new URL(f, import.meta.url)));
if (gone.length) throw new Error(`vitest.config.ts: e2e tests not found (renamed? update the list): ${gone.join(", ")}`);

export default defineConfig({
  test: {
    // Tests spawn the built CLI, openssl and a keyring daemon; 2 cores, so keep parallelism modest.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: allTests, exclude: [...configDefaults.exclude, ...e2e] } },
      { extends: true, test: { name: "e2e", include: e2e } },
    ],
  },
});
