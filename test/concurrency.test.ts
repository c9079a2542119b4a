// Two things at once on one profile (a timer's run while an admin works): every update survives. The built CLI runs
// as real processes; `npm run stress` runs the same with the full counts of issue 10 (STRESS=1).
import { readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, runCli, tempDir, type CliResult } from "./cli.test-support.js";

const STRESS = process.env.STRESS === "1";
const ROUNDS = { configPairs: STRESS ? 100 : 6, configQuads: STRESS ? 100 : 3, generatePairs: STRESS ? 20 : 3, mixed: STRESS ? 50 : 3 };
const PASS = "correct horse battery staple";
/** each round runs a few processes: the full counts take minutes on 2 cores */
const TIMEOUT = { timeout: STRESS ? 3_600_000 : 180_000 };

function ok(r: CliResult): CliResult {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
}

const guid = (n: number, round: number) => `${String(n).padStart(8, "0")}-0000-0000-0000-${String(round).padStart(12, "0")}`;

describe("one profile, several processes at once", () => {
  let home: string;
  beforeAll(() => {
    home = tempDir();
  });
  afterAll(() => removeDir(home));

  const envFor = () => ({ IBI_ENTRA_HOME: home, IBI_ENTRA_SECRET_STORE: "file", IBI_ENTRA_VAULT_PASSPHRASE: PASS });

  it("two `config set` at once: both changes are kept, every round", TIMEOUT, async () => {
    const env = envFor();
    for (let round = 1; round <= ROUNDS.configPairs; round++) {
      const tenant = guid(1, round);
      const app = guid(2, round);
      await Promise.all([
        runCli(["config", "set", "--profile", "pairs", "--tenant-id", tenant], { env }).then(ok),
        runCli(["config", "set", "--profile", "pairs", "--application-id", app], { env }).then(ok),
      ]);
      const shown = JSON.parse(ok(await runCli(["config", "show", "--profile", "pairs", "--json"], { env })).stdout);
      expect({ round, tenantId: shown.tenantId, applicationId: shown.applicationId }).toEqual({ round, tenantId: tenant, applicationId: app });
    }
  });

  it("four `config set` at once (one field each): all four kept", TIMEOUT, async () => {
    const env = envFor();
    for (let round = 1; round <= ROUNDS.configQuads; round++) {
      const want = { tenantId: guid(3, round), applicationId: guid(4, round), authorityHost: `https://login${round}.example.test`, graphHost: `https://graph${round}.example.test` };
      await Promise.all([
        runCli(["config", "set", "--profile", "quads", "--tenant-id", want.tenantId], { env }).then(ok),
        runCli(["config", "set", "--profile", "quads", "--application-id", want.applicationId], { env }).then(ok),
        runCli(["config", "set", "--profile", "quads", "--authority-host", want.authorityHost], { env }).then(ok),
        runCli(["config", "set", "--profile", "quads", "--graph-host", want.graphHost], { env }).then(ok),
      ]);
      const shown = JSON.parse(ok(await runCli(["config", "show", "--profile", "quads", "--json"], { env })).stdout);
      expect({ round, ...pick(shown, Object.keys(want)) }).toEqual({ round, ...want });
    }
  });

  it("two `cert generate` at once: both certificates are listed, and each exports its key", TIMEOUT, async () => {
    const env = envFor();
    const made: string[] = [];
    for (let round = 1; round <= ROUNDS.generatePairs; round++) {
      const results = await Promise.all([1, 2].map(() => runCli(["cert", "generate", "--profile", "gen", "--json"], { env }).then(ok)));
      for (const r of results) made.push(JSON.parse(r.stdout).thumbprintSha1);
    }
    const listed = JSON.parse(ok(await runCli(["cert", "list", "--profile", "gen", "--json"], { env })).stdout).map((c: { thumbprintSha1: string }) => c.thumbprintSha1);
    expect([...listed].sort()).toEqual([...made].sort());
    expect(JSON.parse(ok(await runCli(["cert", "list", "--profile", "gen", "--json"], { env })).stdout).filter((c: { active: boolean }) => c.active)).toHaveLength(1);
    // Every private key made it into the vault: a PFX export needs it.
    for (const tp of made) ok(await runCli(["cert", "export", tp, "--pfx", "--out", join(home, `${tp}.pfx`), "--profile", "gen"], { env: { ...env, IBI_ENTRA_PFX_PASSWORD: "pfx-password" } }));
  });

  it("`cert generate` beside `config set`: the setting and the certificate are both kept, and the config opens", TIMEOUT, async () => {
    const env = envFor();
    ok(await runCli(["cert", "generate", "--profile", "mixed"], { env }));
    for (let round = 1; round <= ROUNDS.mixed; round++) {
      const tenant = guid(5, round);
      await Promise.all([
        runCli(["cert", "generate", "--profile", "mixed"], { env }).then(ok),
        runCli(["config", "set", "--profile", "mixed", "--tenant-id", tenant], { env }).then(ok),
      ]);
      const shown = JSON.parse(ok(await runCli(["config", "show", "--profile", "mixed", "--json"], { env })).stdout);
      expect({ round, tenantId: shown.tenantId }).toEqual({ round, tenantId: tenant });
    }
    const listed = JSON.parse(ok(await runCli(["cert", "list", "--profile", "mixed", "--json"], { env })).stdout);
    expect(listed).toHaveLength(1 + ROUNDS.mixed);
  });

  it("a lock left by a process that is gone is taken over at once; a live holder is named after the wait", TIMEOUT, async () => {
    const env = envFor();
    ok(await runCli(["cert", "generate", "--profile", "stale"], { env }));
    const lock = join(home, "stale", "lock");
    // A pid that cannot be alive: above the kernel's pid_max.
    writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 17, host: hostname(), purpose: "cert generate", since: "2026-01-01T00:00:00Z" }));
    ok(await runCli(["config", "set", "--profile", "stale", "--tenant-id", "contoso.onmicrosoft.com"], { env }));
    // This test process is alive: its lock is waited for, then named.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), purpose: "cert rotate", since: "2026-01-01T00:00:00Z" }));
    const r = await runCli(["config", "set", "--profile", "stale", "--tenant-id", "fabrikam.onmicrosoft.com"], { env: { ...env, IBI_ENTRA_LOCK_TIMEOUT_MS: "300" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`in use by process ${process.pid} (cert rotate`);
    expect(r.stderr).toMatch(/\n {2}hint: /);
    expect(readFileSync(lock, "utf8")).toContain(String(process.pid)); // never broken while its holder lives
  });
});

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}
