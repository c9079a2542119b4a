// certificates.json and config are checked whenever they are read: a hand-edited or damaged file is named with the
// field that is wrong (exit 2), and left exactly as it was — never "fixed" silently.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectUsageError, removeDir, runCli, snapshot, tempDir, type CliResult } from "./cli.test-support.js";

const PASS = "correct horse battery staple";

function ok(r: CliResult): CliResult {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
}

describe("consistency checks of the profile's files", () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  let index: string;
  let config: string;
  let goodIndex: string;
  let goodConfig: string;

  beforeAll(async () => {
    home = tempDir();
    env = { IBI_ENTRA_HOME: home, IBI_ENTRA_SECRET_STORE: "file", IBI_ENTRA_VAULT_PASSPHRASE: PASS };
    ok(await runCli(["cert", "generate"], { env }));
    ok(await runCli(["cert", "generate"], { env }));
    ok(await runCli(["config", "set", "--tenant-id", "contoso.onmicrosoft.com", "--encryption", "off"], { env }));
    index = join(home, "default", "certificates.json");
    config = join(home, "default", "config");
    goodIndex = readFileSync(index, "utf8");
    goodConfig = readFileSync(config, "utf8");
  });
  afterAll(() => removeDir(home));

  const edits: [string, (i: { certificates: Record<string, unknown>[]; version?: unknown }) => void, RegExp][] = [
    ["a thumbprint that does not match its certificate", (i) => (i.certificates[0]!.thumbprintSha1 = "0".repeat(40)), /certificates\[0\]: its thumbprints do not match its certificate/],
    ["the same certificate twice", (i) => (i.certificates[1] = { ...i.certificates[0]!, active: false }), /certificates\[1\] \([0-9A-F]{40}\) is listed twice/],
    ['"active": "yes"', (i) => (i.certificates[0]!.active = "yes"), /certificates\[0\]\.active is not true or false/],
    ["two active certificates", (i) => i.certificates.forEach((c) => (c.active = true)), /more than one certificate is marked active/],
    ["version 2", (i) => (i.version = 2), /has version 2, written by a newer ibi-entra/],
    ["an unknown store", (i) => (i.certificates[0]!.store = "cloud"), /certificates\[0\]\.store is not "keychain" or "file"/],
  ];

  it.each(edits)("certificates.json with %s: exit 2 naming the field, the file unchanged", async (_what, edit, message) => {
    const damaged = JSON.parse(goodIndex);
    edit(damaged);
    writeFileSync(index, JSON.stringify(damaged, null, 2));
    const before = snapshot(home);
    for (const args of [["cert", "list"], ["cert", "generate"], ["config", "set", "--application-id", "22222222-2222-2222-2222-222222222222"]]) {
      const r = await runCli(args, { env });
      expectUsageError(r, message);
      expect(r.stderr).toContain(index);
      expect(snapshot(home)).toEqual(before);
    }
    writeFileSync(index, goodIndex);
  });

  it("config with version 99: exit 2 naming the file, unchanged", async () => {
    writeFileSync(config, goodConfig.replace('"version": 1', '"version": 99'));
    const before = snapshot(home);
    const r = await runCli(["config", "show"], { env });
    expectUsageError(r, /config has version 99, written by a newer ibi-entra/);
    expect(snapshot(home)).toEqual(before);
    writeFileSync(config, goodConfig);
    ok(await runCli(["config", "show"], { env }));
  });
});
