import type { Command } from "commander";
import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import { formatTable, printJson } from "../output.js";
import { storeName } from "../../present/certificate-rows.js";
import { expiryState } from "../../core/crypto/expiry.js";
import { ExitCode } from "../../core/errors.js";
import { probeKeychain } from "../../core/store/secret-store/index.js";
import { openProfile, optionsOf, withJson, withProfile, type CommonOptions } from "./context.js";

interface Finding {
  name: string;
  ok: boolean;
  value: string;
  hint?: string;
}

function ntpSynchronised(): Promise<boolean | null> {
  return new Promise((resolve) => {
    execFile("timedatectl", ["show", "-p", "NTPSynchronized", "--value"], { timeout: 1500 }, (err, out) => {
      if (err) return resolve(null);
      const v = out.trim();
      resolve(v === "yes" ? true : v === "no" ? false : null);
    });
  });
}

export function registerDoctor(program: Command): void {
  const cmd = program.command("doctor").description("Check Node.js, the profile folder, the secret store (and why it was chosen) and the clock");
  cmd.option("--fix", "remove keychain keys of this profile that no certificate names");
  withJson(withProfile(cmd)).action(async (_o, c: Command) => {
    const o = optionsOf<CommonOptions & { fix?: boolean }>(c);
    const findings: Finding[] = [];
    const major = Number(process.versions.node.split(".")[0]);
    findings.push({ name: "Node.js", ok: major >= 20, value: process.version, hint: major >= 20 ? undefined : "ibi-entra needs Node.js 20 or newer" });
    const profile = await openProfile(o);
    const dir = profile.location.dir;
    try {
      const s = await stat(dir);
      const mode = s.mode & 0o777;
      findings.push({
        name: "Profile folder",
        ok: (mode & 0o077) === 0,
        value: `${dir} (mode ${mode.toString(8).padStart(4, "0")})`,
        hint: (mode & 0o077) === 0 ? undefined : `others can read it: chmod 700 ${dir}`,
      });
    } catch {
      findings.push({ name: "Profile folder", ok: true, value: `${dir} (not created yet)` });
    }
    const choice = await profile.storeChoice();
    const storeText = `${choice.kind === "keychain" ? "keychain (Secret Service)" : "encrypted vault file"}: ${choice.reason}`;
    // A forced keychain (or one chosen without a probe) is tried here: saying ok for one that cannot be reached
    // would only defer the failure to the first key that is stored or read.
    const probe = choice.kind === "keychain" ? await probeKeychain(process.env) : undefined;
    findings.push(
      probe && !probe.ok
        ? {
            name: "Secret store",
            ok: false,
            value: `${storeText}, but ${probe.reason}`,
            hint: "start the keychain (e.g. gnome-keyring) in this session, or set IBI_ENTRA_SECRET_STORE=file for the encrypted vault",
          }
        : { name: "Secret store", ok: true, value: storeText },
    );
    // Keys that no certificate names (a crash of an older version, or left by hand): listed, and removed with --fix.
    if (probe?.ok) {
      const orphans = o.fix ? await profile.removeKeychainOrphans() : await profile.keychainOrphans();
      const names = orphans.map((tp) => `key-${tp.slice(0, 16)}…`).join(", ");
      findings.push(
        orphans.length === 0
          ? { name: "Keychain keys", ok: true, value: "every key of this profile belongs to one of its certificates" }
          : o.fix
            ? { name: "Keychain keys", ok: true, value: `removed ${orphans.length} key${orphans.length === 1 ? "" : "s"} no certificate named: ${names}` }
            : {
                name: "Keychain keys",
                ok: false,
                value: `${orphans.length} key${orphans.length === 1 ? "" : "s"} of this profile belong${orphans.length === 1 ? "s" : ""} to no certificate: ${names}`,
                hint: "remove them with: ibi-entra doctor --fix",
              },
      );
    }
    const active = profile.activeCertificate();
    const certs = profile.listCertificates();
    findings.push({
      name: "Certificates",
      ok: active !== undefined && expiryState(active.daysLeft) === "ok",
      value: active ? `${certs.length}, active ${active.thumbprintSha1}, ${active.daysLeft} days left` : `${certs.length}, none active`,
      hint: !active ? "ibi-entra cert generate" : expiryState(active.daysLeft) !== "ok" ? "the active certificate expires soon: generate a new one, upload it, then activate it" : undefined,
    });
    const ntp = await ntpSynchronised();
    findings.push({
      name: "Clock",
      ok: ntp !== false,
      value: `${new Date().toISOString()} UTC, NTP ${ntp === null ? "status unknown" : ntp ? "synchronised" : "NOT synchronised"}`,
      hint: ntp === false ? "Entra ID rejects sign-ins from clocks more than 5 minutes off (AADSTS700024): enable NTP" : undefined,
    });
    const ok = findings.every((f) => f.ok);
    if (o.json) printJson({ ok, profile: profile.location.name, directory: dir, secretStore: { ...choice, kind: storeName(choice.kind) }, findings });
    else {
      process.stdout.write(
        `${formatTable(["", "CHECK", "RESULT"], findings.map((f) => [f.ok ? "ok" : "!!", f.name, f.hint ? `${f.value} — ${f.hint}` : f.value]))}\n`,
      );
    }
    process.exitCode = ok ? ExitCode.ok : ExitCode.checkFailed;
  });
}
