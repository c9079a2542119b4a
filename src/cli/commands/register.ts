import type { Command } from "commander";
import { formatCheckReport } from "../check-report.js";
import { cliHint } from "../next-steps.js";
import { info, printJson } from "../output.js";
import { printable } from "../../core/validate.js";
import { openProfile, optionsOf, parseInteger, withJson, withProfile, type CommonOptions } from "./context.js";
import { register, type DeviceCodePrompt, type RegisterResult, type RegisterStep } from "../../core/actions/register.js";

interface Options extends CommonOptions {
  name?: string;
  tenantId?: string;
  applicationId?: string;
  clientId?: string;
  check?: boolean;
  timeout?: number;
}

export function registerRegister(program: Command): void {
  const cmd = program
    .command("register")
    .description(
      "Do the Azure Portal part of the guide in one go: sign in as an admin (device code), register the app, upload the active certificate, add the three permissions, grant admin consent, save the IDs and test the connection",
    )
    .option("--name <name>", "display name of a new app registration (default IBI-helpMe); renames a reused one")
    .option("--tenant-id <id>", "Directory (tenant) ID or domain to register in (default: the profile's)")
    .option("--application-id <id>", "complete this existing app registration instead of creating one (default: the profile's, when it exists)")
    .option("--client-id <id>", "public client to sign in with (default $IBI_ENTRA_REGISTER_CLIENT_ID, else the Azure CLI's 04b07795-8ddb-461a-bbee-02f9e1bf7b46)")
    .option("--no-check", "skip the connection test at the end")
    .option("--timeout <seconds>", "per-request timeout", parseInteger("--timeout seconds", 1, 300, 15), 15);
  withJson(withProfile(cmd)).action(async (_o, c: Command) => {
    const o = optionsOf<Options>(c);
    const profile = await openProfile(o);
    const ascii = process.env.TERM === "dumb";
    const tty = Boolean(process.stderr.isTTY);
    const countdown = new Countdown(tty);

    const controller = new AbortController();
    let interrupts = 0;
    const onSigint = () => {
      // a second Ctrl+C leaves at once
      if (++interrupts > 1) process.exit(2);
      countdown.stop();
      info("Cancelling…");
      controller.abort();
    };
    process.on("SIGINT", onSigint);
    let result: RegisterResult;
    try {
      result = await register(profile, {
        displayName: o.name,
        tenantId: o.tenantId,
        applicationId: o.applicationId,
        clientId: o.clientId,
        check: o.check !== false,
        timeoutMs: (o.timeout ?? 15) * 1000,
        signal: controller.signal,
        onDeviceCode: (p) => showDeviceCode(p, tty, countdown),
        onStep: (s) => {
          if (s.id === "sign-in" && s.status !== "running") countdown.stop();
          const line = stepLine(s, ascii);
          if (line) info(line);
        },
      });
    } finally {
      countdown.stop();
      process.off("SIGINT", onSigint);
    }

    if (o.json) printJson(result);
    else printOutcome(result, ascii);
    process.exitCode = result.exitCode;
    // msal keeps polling until its next interval after a cancel: do not wait for it
    if (result.error?.code === "cancelled") process.exit(result.exitCode);
  });
}

function showDeviceCode(p: DeviceCodePrompt, tty: boolean, countdown: Countdown): void {
  const url = printable(p.verificationUri, 200);
  const code = printable(p.userCode, 40);
  // OSC 52 puts the URL on the clipboard of the admin's terminal (works over SSH in most terminals)
  if (tty && process.env.TERM !== "dumb") process.stderr.write(`\x1b]52;c;${Buffer.from(p.verificationUri).toString("base64")}\x07`);
  info(`To sign in, open ${url} in a browser on any device and enter the code ${code}`);
  info("Sign in as a Global Administrator (or an Application Administrator who is also Privileged Role Administrator) of the tenant.");
  countdown.start(p.expiresAt);
}

/** "Waiting … 14:59 left" on one rewritten stderr line (TTY); a single plain line otherwise. */
class Countdown {
  private timer: NodeJS.Timeout | undefined;
  private active = false;
  constructor(private readonly tty: boolean) {}

  start(expiresAt: Date): void {
    const minutes = Math.max(1, Math.round((expiresAt.getTime() - Date.now()) / 60_000));
    if (!this.tty) {
      info(`Waiting for the sign-in (the code expires in ${minutes} minute${minutes === 1 ? "" : "s"}; Ctrl+C cancels)…`);
      return;
    }
    this.active = true;
    const draw = () => {
      const left = Math.max(0, Math.round((expiresAt.getTime() - Date.now()) / 1000));
      const mmss = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
      process.stderr.write(`\r\x1b[2KWaiting for the sign-in… ${mmss} left (Ctrl+C cancels)`);
    };
    draw();
    this.timer = setInterval(draw, 1000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.active) process.stderr.write("\r\x1b[2K");
    this.active = false;
  }
}

function stepLine(s: RegisterStep, ascii: boolean): string | null {
  if (s.status === "running" || s.status === "pending") return s.status === "running" && s.detail ? `  ${printable(s.detail, 300)}` : null;
  const mark = s.status === "failed" ? (ascii ? "[!!]" : "✗") : s.status === "skipped" ? (ascii ? "[--]" : "-") : ascii ? "[ok]" : "✓";
  return `${mark} ${s.title} (${s.status})${s.detail ? `: ${printable(s.detail, 400)}` : ""}`;
}

function printOutcome(r: RegisterResult, ascii: boolean): void {
  if (r.error) {
    const failed = r.steps.find((s) => s.id === r.error!.step)!;
    process.stderr.write(`ibi-entra: register stopped at "${failed.title}": ${printable(r.error.message, 500)}\n`);
    const hint = cliHint(r.error.hint, r.error.next);
    if (hint) process.stderr.write(`  hint: ${printable(hint, 600)}\n`);
    const done = r.steps.filter((s) => ["created", "updated", "unchanged", "done"].includes(s.status)).map((s) => s.title);
    const notDone = r.steps.filter((s) => s.status === "pending" || s.status === "failed").map((s) => s.title);
    if (done.length) process.stderr.write(`  done: ${done.join("; ")}\n`);
    if (notDone.length) process.stderr.write(`  not done: ${notDone.join("; ")}\n`);
    return;
  }
  const name = r.displayName ? `"${printable(r.displayName, 120)}"` : "the app";
  if (r.changed) process.stdout.write(`Registered ${name}: Tenant ID ${r.tenantId}, Application ID ${r.applicationId}\n`);
  else process.stdout.write(`No changes: ${name} (Application ID ${r.applicationId}) was already registered with this certificate, the permissions and admin consent.\n`);
  if (r.check) process.stdout.write(`${formatCheckReport(r.check, { ascii })}\n`);
}
