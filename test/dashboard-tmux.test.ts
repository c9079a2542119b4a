// The dashboard in a real terminal: the BUILT CLI (node dist/main.js) runs inside tmux against the simulator;
// the test types like an admin following the guide and plays the Azure Portal's part in the simulator state.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_APP_ID, SAMPLE_TENANT_ID, sampleState, startSimulator, type RunningSimulator } from "../src/simulator/index.js";

const ROOT = resolve(new URL("..", import.meta.url).pathname);
const CLI = join(ROOT, "dist", "main.js");
const SOCKET = `ibi-entra-test-${process.pid}`;
const hasTmux = spawnSync("tmux", ["-V"]).status === 0;

let sim: RunningSimulator;
let home: string;
let env: NodeJS.ProcessEnv;

// The tmux server passes its own environment to every session: start it without CI (Ink draws only the last
// frame when it thinks it runs in CI, and CI=true is set when .ci/run runs).
const tmuxEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "CI" && k !== "CONTINUOUS_INTEGRATION"));

function tmux(...args: string[]): string {
  return execFileSync("tmux", ["-L", SOCKET, ...args], { encoding: "utf8", env: tmuxEnv });
}

function screen(session = "main"): string {
  return tmux("capture-pane", "-p", "-t", session);
}

/** The pane's history and screen (what the admin can scroll back to and select). */
function history(session: string): string {
  return tmux("capture-pane", "-p", "-J", "-S", "-", "-t", session);
}

async function waitFor(what: string | RegExp, timeoutMs = 30_000, session = "main"): Promise<string> {
  const end = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < end) {
    last = screen(session);
    if (typeof what === "string" ? last.includes(what) : what.test(last)) return last;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${String(what)}; the screen shows:\n${last}`);
}

function keys(...k: string[]): void {
  tmux("send-keys", "-t", "main", ...k);
}

function demoKeys(...k: string[]): void {
  tmux("send-keys", "-t", "demo", ...k);
}

/** Text as one write, like a paste or a fast typist over SSH. */
function literal(text: string): void {
  tmux("send-keys", "-t", "main", "-l", text);
}

function cli(...args: string[]): string {
  return execFileSync(process.execPath, [CLI, ...args], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

// Without tmux the real-terminal test skips on a developer machine, but never in CI (.ci/run installs tmux).
describe.skipIf(!hasTmux && process.env.CI !== "true")("dashboard in tmux (built CLI against the simulator)", () => {
  beforeAll(async () => {
    if (!existsSync(CLI)) execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
    sim = await startSimulator({ state: sampleState() });
    home = mkdtempSync(join(tmpdir(), "ibi-entra-tmux-"));
    env = { ...process.env, NODE_EXTRA_CA_CERTS: sim.caFile, IBI_ENTRA_HOME: home, IBI_ENTRA_FIRST_FRAME_MARKER: join(home, "marker"), IBI_ENTRA_SECRET_STORE: "file", IBI_ENTRA_VAULT_PASSPHRASE: "tmux-test-passphrase", TERM: "xterm-256color" };
    // Ink draws only the last frame when it thinks it runs in CI.
    for (const v of ["CI", "CONTINUOUS_INTEGRATION", "NO_COLOR", "IBI_ENTRA_VAULT_PASSPHRASE_FILE"]) delete env[v];
    // The simulator is both login and Graph host; the dashboard has no field for host overrides.
    cli("config", "set", "--authority-host", sim.baseUrl, "--graph-host", sim.baseUrl);
    const pass = Object.entries(env)
      .filter(([k]) => /^(NODE_EXTRA_CA_CERTS|IBI_ENTRA_|TERM$|PATH$|HOME$|LANG$|LC_ALL$)/.test(k))
      .flatMap(([k, v]) => ["-e", `${k}=${v}`]);
    tmux("new-session", "-d", "-x", "100", "-y", "30", "-s", "main", ...pass, `${process.execPath} ${CLI}; echo "[exit $?]"; sleep 600`);
  });

  afterAll(async () => {
    spawnSync("tmux", ["-L", SOCKET, "kill-server"]);
    await sim?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it("enter IDs, generate, test, grant, re-check, save, quit", { timeout: 120_000 }, async () => {
    let s = await waitFor(/› Tenant ID/);
    expect(tmux("display", "-p", "-t", "main", "#{alternate_on}").trim()).toBe("1");
    expect(s).toContain("Azure Active Directory");
    expect(s).toContain("No certificate yet");

    literal(SAMPLE_TENANT_ID);
    s = await waitFor(SAMPLE_TENANT_ID);
    expect(s).not.toContain("is not valid");
    keys("Enter");
    await waitFor(/› Application ID/);
    literal("not-a-guid");
    await waitFor('Application ID "not-a-guid" is not valid');
    keys(...Array.from("not-a-guid", () => "BSpace")); // one burst, like a held Backspace
    await sleep(200);
    literal(SAMPLE_APP_ID);
    s = await waitFor(SAMPLE_APP_ID);
    expect(s).not.toContain("is not valid");
    expect(s).toContain("● unsaved");
    keys("Enter"); // → Cloud, out of the text fields: shortcuts work now

    keys("g");
    s = await waitFor(/Generated [0-9A-F]{40} \(active\)/);
    const thumbprint = /Generated ([0-9A-F]{40})/.exec(s)![1]!;

    // The portal's part: upload the public key (read back through the CLI, as an admin would export it).
    const pemFile = join(home, "upload.pem");
    cli("cert", "export", thumbprint, "--out", pemFile);
    const certPem = readFileSync(pemFile, "utf8");
    await sim.update((st) => {
      st.tenants[0]!.apps![0]!.certificates = [{ certPem }];
    });

    keys("t");
    await waitFor("Test connection uses the saved settings");
    keys("s"); // save, then test
    s = await waitFor(/GroupMember\.Read\.All\s+missing/);
    expect(s).toMatch(/✓ Authentication/);
    expect(s).toMatch(/✓ Device\.Read\.All\s+granted/);
    expect(s.replace(/\n/g, "")).toMatch(/Admin consent \(y copies\): https:\/\/127\.0\.0\.1:\d+\/11111111-1111-1111-1111-111111111111\/adminconsent/);
    expect(s).not.toContain("● unsaved");

    // The admin grants consent in the portal; the dashboard re-checks every 5 s until it works.
    await sim.update((st) => {
      st.tenants[0]!.apps![0]!.grantedRoles = ["Device.Read.All", "User.Read.All", "GroupMember.Read.All"];
    });
    keys("r");
    s = await waitFor(/✓ ready/, 30_000);
    expect(s).toMatch(/✓ GroupMember\.Read\.All\s+granted/);

    keys("s");
    await waitFor(/Saved to /);
    keys("q");
    s = await waitFor("[exit 0]");
    // back on the normal screen: the dashboard is gone
    expect(s).not.toContain("Azure Active Directory");
    expect(tmux("display", "-p", "-t", "main", "#{alternate_on}").trim()).toBe("0");

    expect(readFileSync(join(home, "marker"), "utf8")).toMatch(/^first-frame \d+(\.\d+)?\n$/);

    const shown = JSON.parse(cli("config", "show", "--json")) as Record<string, unknown>;
    expect(JSON.stringify(shown)).toContain(SAMPLE_TENANT_ID);
    expect(JSON.stringify(shown)).toContain(SAMPLE_APP_ID);
  });

  it("--demo walks the whole flow with demo keys, fits 80x24 after a resize, and Ctrl+C leaves the alternate screen", { timeout: 120_000 }, async () => {
    const demoEnv = Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, TERM: "xterm-256color", LANG: process.env.LANG })
      .filter(([, v]) => v)
      .flatMap(([k, v]) => ["-e", `${k}=${v}`]);
    tmux("new-session", "-d", "-x", "100", "-y", "30", "-s", "demo", ...demoEnv, `${process.execPath} ${CLI} --demo; echo "[exit $?]"; sleep 600`);
    let s = await waitFor(/›\[Test connection\]/, 30_000, "demo");
    expect(s).toContain("profile demo [demo]");
    expect(s).toContain("u upload · c consent");
    demoKeys("g");
    await waitFor(/Generated [0-9A-F]{40}/, 30_000, "demo");
    demoKeys("u");
    await waitFor("Demo: uploaded", 30_000, "demo");
    demoKeys("t");
    await waitFor(/GroupMember\.Read\.All\s+missing/, 30_000, "demo");
    demoKeys("c");
    await waitFor("Demo: granted admin consent for GroupMember.Read.All", 30_000, "demo");
    demoKeys("t");
    await waitFor(/✓ ready/, 30_000, "demo");

    // Register in Azure... against the simulator: its device code is approved on the 2nd poll, as a Global Administrator
    demoKeys("R");
    await waitFor("Sign in as a Global Administrator or a Privileged Role Administrator", 30_000, "demo");
    demoKeys("r");
    s = await waitFor(/(Registered |No changes: )"IBI-helpMe"[\s\S]*Enter or Esc close/, 60_000, "demo");
    expect(s).toMatch(/✓ Sign in as a tenant administrator \(device code\)/);
    expect(s).toMatch(/✓ Test connection: all required permissions work/);
    demoKeys("Enter");
    await waitFor(/\[Test connection\][^\n]*✓ ready/, 30_000, "demo");

    tmux("resize-window", "-t", "demo", "-x", "80", "-y", "24");
    // Wait for the redraw at the new size (until then tmux shows the old frame re-wrapped).
    s = await waitFor(/^ibi-entra · Azure Active Directory[^\n]*\n[\s\S]*Secrets: vault file/, 30_000, "demo");
    const lines = s.split("\n");
    expect(lines.length).toBeLessThanOrEqual(25);
    expect(s).toMatch(/ibi-entra · Azure Active Directory/);

    demoKeys("C-c");
    s = await waitFor("[exit 0]", 30_000, "demo");
    expect(s).not.toContain("Azure Active Directory");
  });

  for (const keySize of [2048, 4096]) {
    it(`"Show the PEM on screen" prints the whole PEM on the normal screen (${keySize}-bit key), then a key brings the dashboard back`, { timeout: 120_000 }, async () => {
      const session = `pem${keySize}`;
      const pemHome = mkdtempSync(join(tmpdir(), "ibi-entra-tmux-pem-"));
      try {
        const pemEnv: NodeJS.ProcessEnv = { ...env, IBI_ENTRA_HOME: pemHome };
        const inHome = (...args: string[]) => execFileSync(process.execPath, [CLI, ...args], { env: pemEnv, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        inHome("cert", "generate", "--key-size", String(keySize), "--subject", "CN=IBI-old");
        inHome("cert", "generate", "--key-size", String(keySize));
        const active = (JSON.parse(inHome("cert", "list", "--json")) as { thumbprintSha1: string; active: boolean }[]).find((c) => c.active)!;
        const pass = ["PATH", "HOME", "LANG", "TERM", "IBI_ENTRA_HOME", "IBI_ENTRA_SECRET_STORE", "IBI_ENTRA_VAULT_PASSPHRASE"].flatMap((k) => (pemEnv[k] ? ["-e", `${k}=${pemEnv[k]}`] : []));
        tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", session, ...pass, `${process.execPath} ${CLI}; echo "[exit $?]"; sleep 600`);
        await waitFor(/Secrets: vault/, 30_000, session);
        // out of the Tenant ID field first (apart: Esc and e at once read as Alt+e)
        tmux("send-keys", "-t", session, "Escape");
        await sleep(300);
        tmux("send-keys", "-t", session, "e");
        await waitFor("Show the PEM on screen", 30_000, session);
        // a moment for the menu to take keys
        await sleep(300);
        tmux("send-keys", "-t", session, "Down");
        await waitFor(/› Show the PEM on screen/, 30_000, session);
        tmux("send-keys", "-t", session, "Enter");
        const end = Date.now() + 30_000;
        while (!history(session).includes("Press any key to return to the dashboard.") && Date.now() < end) await sleep(100);
        expect(history(session), "the PEM was not printed").toContain("Press any key to return to the dashboard.");
        expect(tmux("display", "-p", "-t", session, "#{alternate_on}").trim()).toBe("0");
        const text = history(session);
        const pem = /-----BEGIN CERTIFICATE-----\n[\s\S]*?\n-----END CERTIFICATE-----/.exec(text)?.[0];
        expect(pem, text).toBeDefined();
        // taller than the window: part of it is only in the scrollback
        expect(pem!.split("\n").length).toBeGreaterThan(keySize === 4096 ? 24 : 18);
        const fingerprint = execFileSync("openssl", ["x509", "-noout", "-fingerprint", "-sha1"], { input: `${pem}\n`, encoding: "utf8" });
        expect(fingerprint.trim().split("=")[1]!.replace(/:/g, "")).toBe(active.thumbprintSha1);
        // Ink draws nothing meanwhile: the normal screen shows no frame of the dashboard
        expect(text).not.toContain("Secrets: vault");

        tmux("send-keys", "-t", session, "Space");
        const s = await waitFor(/^ibi-entra · Azure Active Directory[^\n]*\n[\s\S]*Secrets: vault file/, 30_000, session);
        expect(tmux("display", "-p", "-t", session, "#{alternate_on}").trim()).toBe("1");
        expect(s).toContain("[Export (Public Key Only)...]");
        expect(s).toContain("CN=IBI-old");
        expect(s).not.toContain("BEGIN CERTIFICATE");
        expect(s.split("\n").length).toBeLessThanOrEqual(25);
        // the dashboard still answers keys
        tmux("send-keys", "-t", session, "q");
        await waitFor("[exit 0]", 30_000, session);
      } finally {
        spawnSync("tmux", ["-L", SOCKET, "kill-session", "-t", session]);
        rmSync(pemHome, { recursive: true, force: true });
      }
    });
  }

  it("a window too small says so, and the dashboard is drawn again when it grows", { timeout: 60_000 }, async () => {
    const pass = ["-e", `PATH=${process.env.PATH}`, "-e", "TERM=xterm-256color", "-e", `IBI_ENTRA_HOME=${home}`, "-e", "IBI_ENTRA_SECRET_STORE=file", "-e", "IBI_ENTRA_VAULT_PASSPHRASE=tmux-test-passphrase"];
    tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", "small", ...pass, `${process.execPath} ${CLI}; echo "[exit $?]"; sleep 600`);
    try {
      await waitFor(/Secrets: vault file/, 30_000, "small");
      tmux("resize-window", "-t", "small", "-x", "40", "-y", "15");
      let s = await waitFor(/window too small: 40x15, needs \d+x\d+/, 30_000, "small");
      expect(s).not.toContain("Secrets:");
      tmux("resize-window", "-t", "small", "-x", "80", "-y", "24");
      s = await waitFor(/^ibi-entra · Azure Active Directory[^\n]*\n[\s\S]*Secrets: vault file/, 30_000, "small");
      expect(s).not.toContain("window too small");
      expect(s).toContain("[Test connection]");
    } finally {
      spawnSync("tmux", ["-L", SOCKET, "kill-session", "-t", "small"]);
    }
  });

  it("SIGTERM leaves the alternate screen too", async () => {
    const pass = ["-e", `PATH=${process.env.PATH}`, "-e", "TERM=xterm-256color", "-e", `IBI_ENTRA_HOME=${home}`, "-e", "IBI_ENTRA_SECRET_STORE=file", "-e", "IBI_ENTRA_VAULT_PASSPHRASE=tmux-test-passphrase"];
    tmux("new-session", "-d", "-x", "100", "-y", "30", "-s", "term", ...pass, `${process.execPath} ${CLI}; echo "[exit $?]"; sleep 600`);
    await waitFor(/Test connection/, 30_000, "term");
    expect(tmux("display", "-p", "-t", "term", "#{alternate_on}").trim()).toBe("1");
    // the dashboard is the shell's child
    const shellPid = Number(tmux("display", "-p", "-t", "term", "#{pane_pid}").trim());
    const child = execFileSync("ps", ["-o", "pid=", "--ppid", String(shellPid)], { encoding: "utf8" })
      .trim()
      .split(/\s+/)
      .map(Number)
      .filter((p) => p > 0);
    expect(child.length).toBeGreaterThan(0);
    process.kill(child[0]!, "SIGTERM");
    const s = await waitFor("[exit 143]", 30_000, "term");
    expect(s).not.toContain("Azure Active Directory");
    expect(tmux("display", "-p", "-t", "term", "#{alternate_on}").trim()).toBe("0");
  });
});
