// Safety signals through the built CLI (issue 10): a short NEW vault passphrase is refused unless acknowledged,
// loose modes on profile files are tightened with a notice, importing an expired or soon-expiring certificate
// warns, and deleting the active or the LAST certificate needs a confirmation (--force without a terminal).
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import forge from "node-forge";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLI, expectUsageError, removeDir, runCli, snapshot, tempDir } from "./cli.test-support.js";

const PASS = "safety test passphrase";
let home: string;
const envFor = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  IBI_ENTRA_HOME: home,
  IBI_ENTRA_SECRET_STORE: "file",
  IBI_ENTRA_VAULT_PASSPHRASE: PASS,
  IBI_ENTRA_VAULT_PASSPHRASE_FILE: "",
  IBI_ENTRA_WEAK_PASSPHRASE: "",
  ...extra,
});
const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

async function generate(extra: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<string> {
  const r = await runCli(["cert", "generate", "--json", ...args], { env: envFor(extra) });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { thumbprintSha1: string }).thumbprintSha1;
}

beforeEach(() => {
  home = tempDir("ibi-entra-safety-");
});
afterEach(() => removeDir(home));

describe("a new vault passphrase", () => {
  it("shorter than 12 characters is refused (exit 2, nothing written)", async () => {
    const r = await runCli(["cert", "generate"], { env: envFor({ IBI_ENTRA_VAULT_PASSPHRASE: "short-pass1" }) });
    expectUsageError(r, /new vault passphrase has 11 characters: use at least 12/);
    expect(r.stderr).toContain("IBI_ENTRA_WEAK_PASSPHRASE=1");
    expect(existsSync(join(home, "default"))).toBe(false);
    // import creates the vault too
    const pem = join(home, "..", `ibi-entra-safety-${process.pid}.pem`);
    writeFileSync(pem, selfSigned(new Date(Date.now() - 86400_000), new Date(Date.now() + 400 * 86400_000)));
    try {
      const i = await runCli(["cert", "import", pem], { env: envFor({ IBI_ENTRA_VAULT_PASSPHRASE: "short" }) });
      expectUsageError(i, /has 5 characters: use at least 12/);
      expect(existsSync(join(home, "default"))).toBe(false);
    } finally {
      removeDir(pem);
    }
  });

  it("is accepted with --weak-passphrase or IBI_ENTRA_WEAK_PASSPHRASE=1, with a warning; unlocking never checks", async () => {
    const r = await runCli(["cert", "generate", "--weak-passphrase"], { env: envFor({ IBI_ENTRA_VAULT_PASSPHRASE: "short" }) });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: the new vault passphrase is shorter than 12 characters \(accepted as acknowledged\): anyone with a copy of .*vault can try to guess it$/m);
    expect(existsSync(join(home, "default", "vault"))).toBe(true);
    // the existing vault opens with its short passphrase, no flag, no warning
    const again = await runCli(["cert", "generate", "--json"], { env: envFor({ IBI_ENTRA_VAULT_PASSPHRASE: "short" }) });
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);

    const other = await runCli(["cert", "generate", "--profile", "p2"], { env: envFor({ IBI_ENTRA_VAULT_PASSPHRASE: "short", IBI_ENTRA_WEAK_PASSPHRASE: "1" }) });
    expect(other.code).toBe(0);
    expect(other.stderr).toMatch(/^warning: the new vault passphrase is shorter than 12/m);
  });
});

describe("loose modes on an existing profile", () => {
  it("are tightened to 0700/0600 with one notice line, once", async () => {
    await generate();
    const dir = join(home, "default");
    chmodSync(dir, 0o755);
    chmodSync(join(dir, "vault"), 0o666);
    chmodSync(join(dir, "certificates.json"), 0o644);
    const r = await runCli(["cert", "list"], { env: envFor() });
    expect(r.code).toBe(0);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toEqual([`notice: tightened permissions in ${dir} (others could read them): folder 0755 -> 0700, certificates.json 0644 -> 0600, vault 0666 -> 0600`]);
    expect([mode(dir), mode(join(dir, "vault")), mode(join(dir, "certificates.json"))]).toEqual(["700", "600", "600"]);
    const again = await runCli(["cert", "list"], { env: envFor() });
    expect(again.stderr).toBe("");
  });
});

/** A self-signed RSA certificate and its key in one PEM, with the validity given. */
function selfSigned(notBefore: Date, notAfter: Date): string {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString());
  cert.serialNumber = "01";
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const name = [{ name: "commonName", value: "safety test" }];
  cert.setSubject(name);
  cert.setIssuer(name);
  const keyPem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  return `${forge.pki.certificateToPem(cert)}${keyPem}`;
}

describe("importing a certificate", () => {
  const day = 86400_000;
  it("that has expired warns on stderr (the import itself succeeds)", async () => {
    const pem = join(home, "old.pem");
    writeFileSync(pem, selfSigned(new Date(Date.now() - 400 * day), new Date(Date.now() - 35 * day)));
    const r = await runCli(["cert", "import", pem, "--json"], { env: envFor() });
    expect(r.code).toBe(0);
    const { thumbprintSha1, notAfter } = JSON.parse(r.stdout) as { thumbprintSha1: string; notAfter: string };
    expect(r.stderr).toBe(`warning: certificate ${thumbprintSha1} expired on ${notAfter.slice(0, 10)}: Entra ID refuses it for sign-in; generate or import a current one\n`);
  });

  it("that expires within 30 days warns; one with more left does not", async () => {
    const soon = join(home, "soon.pem");
    writeFileSync(soon, selfSigned(new Date(Date.now() - day), new Date(Date.now() + 10.5 * day)));
    const r = await runCli(["cert", "import", soon], { env: envFor() });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: certificate [0-9A-F]{40} expires on \d{4}-\d\d-\d\d \(10 days left, 30 or fewer\): plan its rotation$/m);
    const later = join(home, "later.pem");
    writeFileSync(later, selfSigned(new Date(Date.now() - day), new Date(Date.now() + 31.5 * day)));
    const ok = await runCli(["cert", "import", later], { env: envFor() });
    expect(ok.code).toBe(0);
    expect(ok.stderr).not.toContain("warning");
  });
});

describe("deleting a certificate", () => {
  it("the last one needs --force without a terminal and says the configuration will no longer be encrypted", async () => {
    const tp = await generate();
    const set = await runCli(["config", "set", "--tenant-id", "contoso.onmicrosoft.com"], { env: envFor() });
    expect(set.code).toBe(0);
    const config = join(home, "default", "config");
    expect(readFileSync(config, "utf8")).toContain("-----BEGIN CMS-----");
    const before = snapshot(home);
    const r = await runCli(["cert", "delete", tp], { env: envFor() });
    expectUsageError(r, new RegExp(`certificate ${tp} is the last one of profile "default": without it nothing can sign in, and the configuration will no longer be encrypted \\(it is saved as plain JSON\\)`));
    expect(r.stderr).toContain("hint: generate or import its successor first with: ibi-entra cert generate, or pass --force");
    expect(snapshot(home)).toEqual(before);

    const forced = await runCli(["cert", "delete", tp, "--force"], { env: envFor() });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain("warning: no certificate is left: the configuration is now plain JSON");
    expect(JSON.parse(readFileSync(config, "utf8"))).toMatchObject({ tenantId: "contoso.onmicrosoft.com" });
  });

  it("the active one (not the last) needs --force and says why; another one does not", async () => {
    const first = await generate();
    const second = await generate();
    const r = await runCli(["cert", "delete", first], { env: envFor() });
    expectUsageError(r, new RegExp(`certificate ${first} is the active one: IBI-aws cannot sign in until another one is active`));
    expect(r.stderr).toContain("hint: activate another certificate first with: ibi-entra cert activate THUMBPRINT, or pass --force");
    const other = await runCli(["cert", "delete", second], { env: envFor() });
    expect(other.code).toBe(0);
    expect(other.stderr).toBe(`Deleted certificate ${second} and its private key.\n`);
  });
});

// util-linux `script` gives the CLI a pseudo-terminal, so it asks instead of demanding --force.
const hasScript = spawnSync("script", ["--version"]).status === 0;

/** Runs the CLI on a terminal and types `answer` once the question is shown. */
function onTerminal(args: string[], answer: string): Promise<{ code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const command = [process.execPath, CLI, ...args].map((a) => `'${a}'`).join(" ");
    const child = spawn("script", ["-qec", command, "/dev/null"], { env: { ...process.env, NO_COLOR: "1", ...envFor() }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let answered = false;
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      if (!answered && out.includes("[y/N]")) {
        answered = true;
        child.stdin.write(answer);
      }
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", fail);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, out: out.replace(/\r/g, "") });
    });
  });
}

describe.skipIf(!hasScript && process.env.CI !== "true")("deleting on a terminal", () => {
  it("asks before deleting the last certificate and names what happens; n keeps it, y deletes it", async () => {
    const tp = await generate();
    expect((await runCli(["config", "set", "--tenant-id", "contoso.onmicrosoft.com"], { env: envFor() })).code).toBe(0);
    const no = await onTerminal(["cert", "delete", tp], "n");
    expect(no.out).toContain(`warning: ${tp} is the last certificate of this profile: nothing can sign in without it`);
    expect(no.out).toContain("warning: the configuration will no longer be encrypted: it is saved as plain JSON until a certificate exists again");
    expect(no.out).toContain("ibi-entra: not deleted: nothing was changed");
    expect(no.code).toBe(2);
    expect(readFileSync(join(home, "default", "certificates.json"), "utf8")).toContain(tp);
    const yes = await onTerminal(["cert", "delete", tp], "y");
    expect(yes.code).toBe(0);
    expect(yes.out).toContain(`Deleted certificate ${tp} and its private key.`);
    expect(readFileSync(join(home, "default", "certificates.json"), "utf8")).not.toContain(tp);
  });
});
