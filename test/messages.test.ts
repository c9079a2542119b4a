// Messages that mislead (issue 10): each case a fault campaign found, run through the built CLI, with the cause it
// must name and its hint. Usage errors (exit 2) must also leave the disk as it was: no profile folder appears.
import { mkdirSync, readFileSync, truncateSync, writeFileSync, chmodSync, existsSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleState, startSimulator, type RunningSimulator } from "../src/simulator/index.js";
import { expectUsageError, removeDir, runCli, snapshot, tempDir, type CliResult } from "./cli.test-support.js";

const VAULT = { IBI_ENTRA_SECRET_STORE: "file", IBI_ENTRA_VAULT_PASSPHRASE: "correct horse battery staple" };

let root: string;
let n = 0;
/** A home that does not exist yet: a usage error must not create it. */
const freshHome = () => join(root, `home-${++n}`);

function ok(r: CliResult): CliResult {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
}

/** A profile with one certificate (vault store); returns its env. */
async function profileWithCertificate(extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  const env = { IBI_ENTRA_HOME: freshHome(), ...VAULT, ...extra };
  ok(await runCli(["cert", "generate"], { env }));
  return env;
}

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

interface UsageCase {
  name: string;
  args: string[];
  env?: () => Promise<NodeJS.ProcessEnv> | NodeJS.ProcessEnv;
  message: RegExp;
  hint: RegExp;
}

const usageCases: UsageCase[] = [
  {
    name: "1. an unknown command is named, with a suggestion",
    args: ["certs"],
    message: /^ibi-entra: unknown command 'certs' — did you mean 'cert'\?$/,
    hint: /^ {2}hint: see the commands with: ibi-entra --help$/,
  },
  {
    name: "1. an unknown subcommand is named, with a suggestion",
    args: ["cert", "lst"],
    message: /^ibi-entra: unknown command 'lst' — did you mean 'list'\?$/,
    hint: /ibi-entra cert --help$/,
  },
  {
    name: "1. help for an unknown command names that command",
    args: ["help", "certz"],
    message: /^ibi-entra: unknown command 'certz' — did you mean 'cert'\?$/,
    hint: /ibi-entra --help$/,
  },
  {
    name: "1. an unknown option is named, with a suggestion",
    args: ["cert", "generate", "--dys", "3"],
    message: /unknown option '--dys' — did you mean '--days'\?$/,
    hint: /ibi-entra cert generate --help$/,
  },
  {
    name: "4. IBI_ENTRA_HOME that cannot be a folder: the hint names IBI_ENTRA_HOME",
    args: ["config", "set", "--tenant-id", "contoso.onmicrosoft.com"],
    env: () => {
      const file = join(root, `plain-file-${++n}`);
      writeFileSync(file, "x");
      return { IBI_ENTRA_HOME: join(file, "home"), ...VAULT };
    },
    message: /cannot write to .*: a part of the path is a file, not a folder/,
    hint: /IBI_ENTRA_HOME is .*point IBI_ENTRA_HOME at a writable folder/,
  },
  {
    name: "6. simulate on a port in use",
    args: ["simulate", "--port", "PORT"],
    message: /^ibi-entra: port \d+ is in use on 127\.0\.0\.1$/,
    hint: /choose another --port/,
  },
  {
    name: "9. a usage error of an option has a hint",
    args: ["cert", "export", "ABCD", "--pfx", "--out", "x.pfx", "--format", "pem"],
    message: /--format applies to the public certificate only/,
    hint: /leave out --format/,
  },
  {
    name: "10. a tenant ID with U+202E is echoed with the override escaped",
    args: ["config", "set", "--tenant-id", "abc\u202Egpj.exe"],
    message: /Tenant ID "abc\\u202egpj\.exe" is not valid/,
    hint: /./,
  },
  {
    name: "11. config set with a bad tenant ID on a new home creates nothing",
    args: ["config", "set", "--tenant-id", "bad"],
    message: /Tenant ID "bad" is not valid/,
    hint: /./,
  },
  {
    name: "11. cert generate --days 0 on a new home creates nothing",
    args: ["cert", "generate", "--days", "0"],
    message: /validity days "0" is not valid/,
    hint: /e\.g\. 730/,
  },
];

let busy: Server;
let busyPort: number;

beforeAll(async () => {
  root = tempDir();
  busy = createServer();
  await new Promise<void>((r) => busy.listen(0, "127.0.0.1", r));
  busyPort = (busy.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((r) => busy.close(() => r()));
  removeDir(root);
});

describe("usage errors name the cause, give a hint and change nothing on disk", () => {
  it.each(usageCases)("$name", async (c) => {
    const env = { IBI_ENTRA_HOME: freshHome(), ...VAULT, ...(c.env ? await c.env() : {}) };
    const home = env.IBI_ENTRA_HOME!;
    const existed = existsSync(home);
    const before = snapshot(root);
    const r = await runCli(c.args.map((a) => (a === "PORT" ? String(busyPort) : a)), { env, timeoutMs: 20_000 });
    expectUsageError(r, c.message);
    const hint = r.stderr.trimEnd().split("\n")[1];
    expect(hint, r.stderr).toMatch(/^ {2}hint: /);
    expect(hint).toMatch(c.hint);
    expect(r.stderr).not.toMatch(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(snapshot(root)).toEqual(before);
    expect(existsSync(home)).toBe(existed);
  });
});

describe("failures that were reported as something else", () => {
  it("2. a truncated PFX with the right password is named damaged, not a wrong password", async () => {
    const env = await profileWithCertificate();
    const list = JSON.parse(ok(await runCli(["cert", "list", "--json"], { env })).stdout);
    const pfx = join(root, `cut-${++n}.pfx`);
    ok(await runCli(["cert", "export", list[0].thumbprintSha1, "--pfx", "--out", pfx], { env: { ...env, IBI_ENTRA_PFX_PASSWORD: "pfx-pw" } }));
    const whole = readFileSync(pfx).length;
    const other = { IBI_ENTRA_HOME: freshHome(), ...VAULT };
    // the intact file with a wrong password is still a wrong password
    expectUsageError(await runCli(["cert", "import", pfx], { env: { ...other, IBI_ENTRA_PFX_PASSWORD: "not-it" } }), /PFX password is wrong/);
    for (const size of [whole - 1, Math.floor(whole / 2), 100]) {
      truncateSync(pfx, size);
      const r = await runCli(["cert", "import", pfx], { env: { ...other, IBI_ENTRA_PFX_PASSWORD: "pfx-pw" } });
      expectUsageError(r, /^ibi-entra: PFX file is damaged or truncated: its structure cannot be read$/);
      expect(r.stderr).toMatch(/hint: copy or export the PFX file again/);
    }
  });

  it("3. an unreadable IBI_ENTRA_VAULT_PASSPHRASE_FILE is named when the encrypted configuration is read", async () => {
    const env = await profileWithCertificate();
    ok(await runCli(["config", "set", "--tenant-id", "contoso.onmicrosoft.com", "--encryption", "on"], { env }));
    expect(readFileSync(join(env.IBI_ENTRA_HOME!, "default", "config"), "utf8")).not.toContain("contoso");
    const missing = join(root, "no-such-passphrase-file");
    const r = await runCli(["config", "show"], { env: { IBI_ENTRA_HOME: env.IBI_ENTRA_HOME, IBI_ENTRA_SECRET_STORE: "file", IBI_ENTRA_VAULT_PASSPHRASE_FILE: missing } });
    expectUsageError(r, /IBI_ENTRA_VAULT_PASSPHRASE_FILE names .*no-such-passphrase-file, which cannot be read \(ENOENT\)/);
    expect(r.stderr).not.toMatch(/could open it/);
    expect(r.stderr).toMatch(/hint: .*IBI_ENTRA_VAULT_PASSPHRASE_FILE/);
  });

  const root0 = typeof process.getuid === "function" && process.getuid() === 0;
  it.skipIf(root0)("4. a read-only IBI_ENTRA_HOME is called read-only, and the hint names IBI_ENTRA_HOME (not as root)", async () => {
    const home = join(root, `ro-${++n}`);
    mkdirSync(home);
    chmodSync(home, 0o555);
    try {
      const r = await runCli(["config", "set", "--tenant-id", "contoso.onmicrosoft.com"], { env: { IBI_ENTRA_HOME: home, ...VAULT } });
      expectUsageError(r, /cannot write to .*: permission denied \(the folder is read-only for this user\)/);
      expect(r.stderr).toMatch(/hint: IBI_ENTRA_HOME is .*point IBI_ENTRA_HOME at a writable folder/);
      expect(r.stderr).not.toMatch(/XDG_CONFIG_HOME/);
    } finally {
      chmodSync(home, 0o700);
    }
  });

  describe("5. a dead proxy", () => {
    let sim: RunningSimulator;
    beforeAll(async () => {
      sim = await startSimulator({ dir: join(root, "sim"), stateFile: join(root, "sim", "state.json") });
    });
    afterAll(async () => sim.close());

    it("is named as the proxy (host and variable), exit 3", async () => {
      const env = await profileWithCertificate({ NODE_EXTRA_CA_CERTS: sim.caFile });
      const t = sampleState().tenants[0]!;
      ok(await runCli(["config", "set", "--tenant-id", t.id, "--application-id", t.apps![0]!.appId, "--authority-host", sim.baseUrl, "--graph-host", sim.baseUrl], { env }));
      const port = await closedPort();
      const r = await runCli(["check", "--json"], { env: { ...env, HTTPS_PROXY: `http://127.0.0.1:${port}`, NO_PROXY: "", no_proxy: undefined, https_proxy: undefined } });
      expect(r.code, r.stderr).toBe(3);
      const auth = JSON.parse(r.stdout).authentication;
      expect(auth.message).toBe(`the proxy 127.0.0.1:${port} (HTTPS_PROXY) refused the connection (ECONNREFUSED)`);
      expect(auth.hint).toMatch(new RegExp(`go through HTTPS_PROXY=http://127\\.0\\.0\\.1:${port}: check that the proxy runs there`));
      expect(auth.message).not.toContain(String(sim.port));
    });
  });

  it("7. doctor reports a forced keychain that cannot be reached (exit 1)", async () => {
    const env = await profileWithCertificate();
    const r = await runCli(["doctor"], {
      env: { ...env, IBI_ENTRA_SECRET_STORE: "keychain", DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(root, "no-bus")}` },
    });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^!! {2}Secret store {4}keychain \(Secret Service\): IBI_ENTRA_SECRET_STORE=keychain \(forced\), but .* — start the keychain/m);
    // the same profile with the vault: every row ok (the certificate is fresh)
    const fine = await runCli(["doctor"], { env });
    expect(fine.stdout).toMatch(/^ok {2}Secret store/m);
  });

  it("8. cert list names the store the same in the table and in --json (vault)", async () => {
    const env = await profileWithCertificate();
    const table = ok(await runCli(["cert", "list"], { env })).stdout;
    const json = JSON.parse(ok(await runCli(["cert", "list", "--json"], { env })).stdout);
    expect(json[0].store).toBe("vault");
    expect(table.split("\n")[1]).toMatch(/\svault$/);
  });
});
