// `cert export`: the export actions' refusals, with hints that name the CLI's flags.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectUsageError, runCli } from "../../../../test/cli.test-support.js";
import { tempProfile, type TempProfile } from "../../../core/actions/actions.test-support.js";

let t: TempProfile;
let tp: string;
beforeAll(async () => {
  t = tempProfile("ibi-cli-export-");
  tp = (await (await t.open()).generateCertificate({})).thumbprintSha1;
}, 60_000);
afterAll(() => t.remove());

describe("ibi-entra cert export (built CLI)", () => {
  it("refuses to overwrite without --force, to write over a directory, and a --format that contradicts the name", async () => {
    const taken = join(t.home, "taken.cer");
    writeFileSync(taken, "keep");
    let r = await runCli(["cert", "export", tp, "--out", taken], { env: t.env });
    expectUsageError(r, /taken\.cer exists already; nothing was written/);
    expect(r.stderr).toContain("hint: pass --force to overwrite it, or choose another --out");
    expect(readFileSync(taken, "utf8")).toBe("keep");

    const dir = join(t.home, "dir.cer");
    mkdirSync(dir);
    r = await runCli(["cert", "export", tp, "--out", dir, "--force"], { env: t.env });
    expectUsageError(r, /dir\.cer is a directory/);

    r = await runCli(["cert", "export", tp, "--out", join(t.home, "x.cer"), "--format", "pem"], { env: t.env });
    expectUsageError(r, /format pem does not match the extension/);
    expect(r.stderr).toContain("drop --format");

    r = await runCli(["cert", "export", tp, "--format", "der"], { env: t.env });
    expectUsageError(r, /DER is binary/);
    expect(r.stderr).toContain("--out");
  });

  it("asks no PFX password when the file may not be written", async () => {
    const taken = join(t.home, "taken.pfx");
    writeFileSync(taken, "keep");
    // no IBI_ENTRA_PFX_PASSWORD and no terminal: asking would fail with no_tty instead
    const r = await runCli(["cert", "export", tp, "--pfx", "--out", taken], { env: t.env });
    expectUsageError(r, /exists already/);
  });
});
