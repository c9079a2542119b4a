// The built CLI end to end, in a temporary IBI_ENTRA_HOME, in both secret stores, with openssl as the judge.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync, statSync, mkdirSync, chmodSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectUsageError, filesBelow, removeDir, runCli, snapshot, tempDir, type CliResult } from "./cli.test-support.js";
import { requireSecretService, secretServiceMissing, secretToolLookup } from "./secret-service.test-support.js";

const TENANT = "contoso.onmicrosoft.com";
const APP = "22222222-2222-2222-2222-222222222222";

function openssl(args: string[], input?: string | Buffer): string {
  return execFileSync("openssl", args, { input, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
}

function ok(r: CliResult): CliResult {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
}

const stores = [
  { name: "file", env: { IBI_ENTRA_SECRET_STORE: "file", IBI_ENTRA_VAULT_PASSPHRASE: "correct horse battery staple" } },
  { name: "keychain", env: { IBI_ENTRA_SECRET_STORE: "keychain" } },
] as const;

for (const store of stores) {
  const skip = store.name === "keychain" && secretServiceMissing !== undefined && !requireSecretService;
  describe.skipIf(skip)(`the whole flow with the ${store.name} store${skip ? ` (skipped: ${secretServiceMissing})` : ""}`, () => {
    let home: string;
    let env: NodeJS.ProcessEnv;
    let first: { thumbprintSha1: string; thumbprintSha256: string };
    let second: { thumbprintSha1: string; thumbprintSha256: string };

    beforeAll(() => {
      if (store.name === "keychain" && secretServiceMissing) throw new Error(`CI=true needs a Secret Service: ${secretServiceMissing}`);
      home = tempDir();
      env = { IBI_ENTRA_HOME: home, ...store.env };
    });
    afterAll(async () => {
      // Leave no keys behind in the real keychain.
      for (const c of [first, second].filter(Boolean)) await runCli(["cert", "delete", c.thumbprintSha256, "--force"], { env });
      removeDir(home);
    });

    it("generates a certificate whose thumbprints openssl confirms, and lists it as active", async () => {
      const gen = ok(await runCli(["cert", "generate", "--json"], { env }));
      first = JSON.parse(gen.stdout);
      const list = JSON.parse(ok(await runCli(["cert", "list", "--json"], { env })).stdout);
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ thumbprintSha1: first.thumbprintSha1, subject: "CN=IBI-helpMe", keySize: 2048, active: true, store: store.name === "file" ? "vault" : "keychain" });
      expect(list[0].daysLeft).toBeGreaterThanOrEqual(729);
      const pem = ok(await runCli(["cert", "export", first.thumbprintSha1.slice(0, 8)], { env })).stdout;
      const sha1 = openssl(["x509", "-noout", "-fingerprint", "-sha1"], pem).split("=")[1]!.trim().replace(/:/g, "");
      const sha256 = openssl(["x509", "-noout", "-fingerprint", "-sha256"], pem).split("=")[1]!.trim().replace(/:/g, "");
      expect(first.thumbprintSha1).toBe(sha1);
      expect(first.thumbprintSha256).toBe(sha256);
      expect(openssl(["x509", "-noout", "-ext", "extendedKeyUsage"], pem)).toMatch(/TLS Web Client Authentication/);
    });

    it("keeps the private key in the chosen store", async () => {
      if (store.name === "keychain") {
        const index = JSON.parse(readFileSync(join(home, "default", "certificates.json"), "utf8"));
        const secret = secretToolLookup("ibi-entra", `${index.namespace}/key-${first.thumbprintSha256}`);
        expect(secret).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      } else {
        expect(statSync(join(home, "default", "vault")).mode & 0o777).toBe(0o600);
      }
    });

    it("exports the public key as DER (.cer) and PEM (.pem) that openssl reads", async () => {
      const cer = join(home, "IBI-helpMe.cer");
      ok(await runCli(["cert", "export", first.thumbprintSha1, "--out", cer], { env }));
      expect(openssl(["x509", "-inform", "DER", "-in", cer, "-noout", "-fingerprint", "-sha1"])).toContain(first.thumbprintSha1.replace(/(..)(?!$)/g, "$1:"));
      const pemFile = join(home, "cert.txt");
      ok(await runCli(["cert", "export", first.thumbprintSha1, "--out", pemFile, "--format", "pem"], { env }));
      expect(readFileSync(pemFile, "utf8")).toMatch(/^-----BEGIN CERTIFICATE-----/);
      expect(readFileSync(pemFile, "utf8")).not.toMatch(/PRIVATE KEY/);
      // Refuses to overwrite without --force, and leaves the file as it was.
      const before = readFileSync(cer);
      expectUsageError(await runCli(["cert", "export", first.thumbprintSha1, "--out", cer], { env }), /exists already/);
      expect(readFileSync(cer)).toEqual(before);
    });

    it("saves Tenant ID and Application ID encrypted to every certificate, openable with openssl cms", async () => {
      ok(await runCli(["config", "set", "--tenant-id", TENANT, "--application-id", APP], { env }));
      second = JSON.parse(ok(await runCli(["cert", "generate", "--json", "--key-size", "3072", "--subject", "CN=IBI-helpMe rotation", "--days", "365"], { env })).stdout);
      expect(second).toMatchObject({ active: false, keySize: 3072, subject: "CN=IBI-helpMe rotation" });
      ok(await runCli(["cert", "activate", second.thumbprintSha1.slice(0, 10)], { env }));
      const shown = JSON.parse(ok(await runCli(["config", "show", "--json"], { env })).stdout);
      expect(shown).toMatchObject({ tenantId: TENANT, applicationId: APP, cloud: "global", authorityHost: "https://login.microsoftonline.com" });
      expect(shown.activeCertificate.thumbprintSha1).toBe(second.thumbprintSha1);
      expect(shown.encryption.file).toBe("encrypted");

      const configFile = join(home, "default", "config");
      const raw = readFileSync(configFile, "utf8");
      expect(raw).not.toContain(APP);
      // Each certificate's key alone opens the file (exported through PFX, converted by openssl).
      for (const c of [first, second]) {
        const pfx = join(home, `${c.thumbprintSha1}.pfx`);
        ok(await runCli(["cert", "export", c.thumbprintSha1, "--pfx", "--out", pfx], { env: { ...env, IBI_ENTRA_PFX_PASSWORD: "pfx-pw" } }));
        const keyPem = openssl(["pkcs12", "-in", pfx, "-passin", "pass:pfx-pw", "-nodes", "-nocerts"]);
        const keyFile = join(home, `${c.thumbprintSha1}.key`);
        writeFileSync(keyFile, keyPem, { mode: 0o600 });
        const plain = openssl(["cms", "-decrypt", "-inform", "PEM", "-in", configFile, "-inkey", keyFile]);
        expect(JSON.parse(plain)).toMatchObject({ tenantId: TENANT, applicationId: APP });
        removeDir(keyFile);
      }
    });

    it("rejects bad input with exit 2 and one line, changing nothing on disk", async () => {
      const before = snapshot(home);
      expectUsageError(await runCli(["config", "set", "--tenant-id", "not a tenant!"], { env }), /Tenant ID "not a tenant!" is not valid/);
      expectUsageError(await runCli(["config", "set", "--application-id", "1234"], { env }), /Application ID "1234" is not valid/);
      expectUsageError(await runCli(["config", "set", "--cloud", "mars"], { env }), /cloud "mars" is not valid: use one of global, usgov, usgovdod, china/);
      expectUsageError(await runCli(["config", "set", "--authority-host", "http://login.example"], { env }), /authority host .* only https/);
      expectUsageError(await runCli(["cert", "activate", "ABCDEF0123"], { env }), /no certificate .* starting with ABCDEF0123/);
      expectUsageError(await runCli(["cert", "delete", second.thumbprintSha1], { env }), /is the active one/);
      expectUsageError(await runCli(["cert", "generate", "--key-size", "1024"], { env }), /key-size/);
      expectUsageError(await runCli(["cert", "generate", "--days", "0"], { env }), /validity days "0" is not valid/);
      const junk = join(home, "junk.pem");
      writeFileSync(junk, "hello, I am not a certificate\n");
      expectUsageError(await runCli(["cert", "import", junk], { env }), /certificate/i);
      removeDir(junk);
      expect(snapshot(home)).toEqual(before);
    });

    it("leaves no unencrypted private key in any file under the home", async () => {
      for (const file of filesBelow(home)) {
        const text = readFileSync(file).toString("latin1");
        expect(text, file).not.toMatch(/-----BEGIN (RSA |EC )?PRIVATE KEY-----/);
      }
    });
  });
}

describe("imports and PFX", () => {
  let home: string;
  const env = () => ({ IBI_ENTRA_HOME: home, IBI_ENTRA_SECRET_STORE: "file", IBI_ENTRA_VAULT_PASSPHRASE: "test-vault-passphrase" });
  beforeAll(() => {
    home = tempDir();
  });
  afterAll(() => removeDir(home));

  it("imports an openssl-made PFX and a PEM bundle; refuses a wrong PFX password without changes", async () => {
    const dir = tempDir();
    try {
      openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=Imported", "-days", "30", "-keyout", join(dir, "k.pem"), "-out", join(dir, "c.pem")]);
      openssl(["pkcs12", "-export", "-in", join(dir, "c.pem"), "-inkey", join(dir, "k.pem"), "-out", join(dir, "id.pfx"), "-passout", "pass:right"]);
      const fp = openssl(["x509", "-in", join(dir, "c.pem"), "-noout", "-fingerprint", "-sha1"]).split("=")[1]!.trim().replace(/:/g, "");

      const before = snapshot(home);
      expectUsageError(
        await runCli(["cert", "import", join(dir, "id.pfx")], { env: { ...env(), IBI_ENTRA_PFX_PASSWORD: "wrong" } }),
        /PFX password is wrong/i,
      );
      expect(snapshot(home)).toEqual(before);

      const imported = JSON.parse(ok(await runCli(["cert", "import", join(dir, "id.pfx"), "--json"], { env: { ...env(), IBI_ENTRA_PFX_PASSWORD: "right" } })).stdout);
      expect(imported).toMatchObject({ thumbprintSha1: fp, subject: "CN=Imported", active: true });

      openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=Bundle", "-days", "30", "-keyout", join(dir, "k2.pem"), "-out", join(dir, "c2.pem")]);
      writeFileSync(join(dir, "bundle.pem"), readFileSync(join(dir, "c2.pem"), "utf8") + readFileSync(join(dir, "k2.pem"), "utf8"));
      const bundle = JSON.parse(ok(await runCli(["cert", "import", join(dir, "bundle.pem"), "--json"], { env: env() })).stdout);
      expect(bundle).toMatchObject({ subject: "CN=Bundle", active: false });
      const list = JSON.parse(ok(await runCli(["cert", "list", "--json"], { env: env() })).stdout);
      expect(list.map((c: { subject: string }) => c.subject)).toEqual(["CN=Imported", "CN=Bundle"]);
    } finally {
      removeDir(dir);
    }
  });

  it("refuses a wrong vault passphrase with exit 2 and leaves the vault untouched", async () => {
    const before = snapshot(home);
    const r = await runCli(["cert", "export", "--pfx", "--out", join(home, "x.pfx"), JSON.parse(ok(await runCli(["cert", "list", "--json"], { env: env() })).stdout)[0].thumbprintSha1], {
      env: { ...env(), IBI_ENTRA_VAULT_PASSPHRASE: "not the passphrase", IBI_ENTRA_PFX_PASSWORD: "p" },
    });
    expectUsageError(r, /passphrase/i);
    expect(snapshot(home)).toEqual(before);
  });
});

describe("broken configuration files", () => {
  it("reports a corrupt, truncated or foreign config with exit 2 and leaves it as it was", async () => {
    const home = tempDir();
    const env = { IBI_ENTRA_HOME: home, IBI_ENTRA_SECRET_STORE: "file", IBI_ENTRA_VAULT_PASSPHRASE: "test-vault-passphrase" };
    try {
      ok(await runCli(["cert", "generate"], { env }));
      ok(await runCli(["config", "set", "--tenant-id", TENANT], { env }));
      const configFile = join(home, "default", "config");
      const good = readFileSync(configFile, "utf8");
      for (const bad of [good.slice(0, Math.floor(good.length / 2)), good.replace(/[A-Za-z]/, (ch) => (ch === "A" ? "B" : "A")), "{ not json", '{"format":"something-else"}']) {
        writeFileSync(configFile, bad);
        const before = snapshot(home);
        const r = await runCli(["config", "show"], { env });
        expectUsageError(r, /cannot be read|could open it|damaged/);
        // A set on top of a broken file must not replace it with defaults either.
        expectUsageError(await runCli(["config", "set", "--application-id", APP], { env }), /cannot be read|could open it|damaged/);
        expect(snapshot(home)).toEqual(before);
      }
    } finally {
      removeDir(home);
    }
  });

  it("reports an unwritable home with exit 2", async () => {
    const base = tempDir();
    try {
      const file = join(base, "a-file");
      writeFileSync(file, "x");
      const r = await runCli(["cert", "generate"], { env: { IBI_ENTRA_HOME: join(file, "home"), IBI_ENTRA_SECRET_STORE: "file", IBI_ENTRA_VAULT_PASSPHRASE: "test-vault-passphrase" } });
      expectUsageError(r, /home|cannot|writ/i);
    } finally {
      removeDir(base);
    }
  });

  it("creates the profile folder 0700 and its files 0600", async () => {
    const home = tempDir();
    try {
      mkdirSync(join(home, "default"));
      chmodSync(join(home, "default"), 0o755);
      const env = { IBI_ENTRA_HOME: home, IBI_ENTRA_SECRET_STORE: "file", IBI_ENTRA_VAULT_PASSPHRASE: "test-vault-passphrase" };
      ok(await runCli(["cert", "generate"], { env }));
      ok(await runCli(["config", "set", "--tenant-id", TENANT], { env }));
      expect(statSync(join(home, "default")).mode & 0o777).toBe(0o700);
      for (const f of filesBelow(home)) expect(statSync(f).mode & 0o777, f).toBe(0o600);
    } finally {
      removeDir(home);
    }
  });
});

describe("the command line itself", () => {
  it("prints its version and exits 0", async () => {
    const r = await runCli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version);
  });

  it("answers an unknown command or option with exit 2", async () => {
    expect((await runCli(["frobnicate"])).code).toBe(2);
    expect((await runCli(["cert", "list", "--bogus"])).code).toBe(2);
  });

  it("refuses a simulator state file that is not valid with exit 2, naming the field, and leaves no temp files", async () => {
    const dir = tempDir();
    try {
      const state = join(dir, "state.json");
      writeFileSync(state, JSON.stringify({ tenants: [{ id: 5 }] }));
      const tmp = join(dir, "tmp");
      mkdirSync(tmp);
      const r = await runCli(["simulate", "--state", state], { env: { TMPDIR: tmp } });
      expectUsageError(r, /^ibi-entra: simulator state .*state\.json: "tenants\[0\]\.id" must be a string$/);
      expect(r.stderr).toMatch(/hint: Fix the JSON/);
      expect(readdirSync(tmp)).toEqual([]);
      writeFileSync(state, "{ not json");
      expectUsageError(await runCli(["simulate", "--state", state], { env: { TMPDIR: tmp } }), /is not valid JSON/);
    } finally {
      removeDir(dir);
    }
  });

  it("reports the secret store and why in doctor --json", async () => {
    const home = tempDir();
    try {
      const r = await runCli(["doctor", "--json"], { env: { IBI_ENTRA_HOME: home, IBI_ENTRA_SECRET_STORE: "file" } });
      const out = JSON.parse(r.stdout);
      expect(out.secretStore).toEqual({ kind: "vault", reason: expect.stringMatching(/IBI_ENTRA_SECRET_STORE/) });
      expect(out.findings.map((f: { name: string }) => f.name)).toEqual(["Node.js", "Profile folder", "Secret store", "Certificates", "Clock"]);
    } finally {
      removeDir(home);
    }
  });
});
