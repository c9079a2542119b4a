// `cert list` (the built CLI) and the dashboard's certificate list show the same rows for the same profile:
// the same thumbprints, days left and warning marks, with one expiry rule (warn with 30 days or fewer left).
import { render } from "ink-testing-library";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plain, waitForFrame } from "../src/components/ink.test-support.js";
import { tempProfile, type TempProfile } from "../src/core/actions/actions.test-support.js";
import { generateCertificate } from "../src/core/crypto/generate.js";
import { resolveProfileLocation } from "../src/core/store/profile.js";
import { DashboardApp } from "../src/screens/DashboardApp.js";
import { runCli } from "./cli.test-support.js";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
let t: TempProfile;
const made: Record<string, string> = {};

beforeAll(async () => {
  t = tempProfile("ibi-cert-list-");
  const profile = await t.open();
  // Issued half a day "from now", so that exactly 30 and 31 whole days are left while the test runs.
  const soon = Date.now() + 12 * HOUR;
  for (const [name, opts] of [
    ["in30", { subject: "CN=in 30", days: 30, now: new Date(soon) }],
    ["in31", { subject: "CN=in 31", days: 31, now: new Date(soon) }],
    ["expired", { subject: "CN=expired", days: 1, now: new Date(Date.now() - 5 * DAY) }],
  ] as const) {
    made[name] = (await profile.importCertificate(await generateCertificate(opts))).thumbprintSha1;
  }
}, 120_000);
afterAll(() => t.remove());

type Rows = Record<string, string>;

/** thumbprint → "Days left" cell (mark included) */
function rowsFrom(text: string, line: RegExp): Rows {
  const rows: Rows = {};
  for (const l of text.split("\n")) {
    const m = line.exec(l);
    if (m) rows[m[1]!] = m[2]!;
  }
  return rows;
}

const DAYS_CELL = "(⚠ \\d+|✗ expired|\\d+)";

describe("cert list and the dashboard", () => {
  it("show the same thumbprints, days left and warning marks", async () => {
    const cli = await runCli(["cert", "list"], { env: { ...t.env, TERM: "xterm-256color" } });
    expect(cli.code, cli.stderr).toBe(0);
    const fromCli = rowsFrom(cli.stdout, new RegExp(`([0-9A-F]{40})\\s.*?\\d{4}-\\d{2}-\\d{2}\\s+${DAYS_CELL}\\s+RSA`));

    const r = render(<DashboardApp location={resolveProfileLocation(t.env, "default")} env={t.env} size={{ columns: 110, rows: 40 }} showTime={false} />);
    const frame = await waitForFrame(r.lastFrame, (f) => Object.values(made).every((tp) => f.includes(tp)), 30_000);
    r.unmount();
    const fromDashboard = rowsFrom(plain(frame), new RegExp(`([0-9A-F]{40}) \\d{4}-\\d{2}-\\d{2}\\s+${DAYS_CELL}`));

    expect(fromCli).toEqual({ [made.in30!]: "⚠ 30", [made.in31!]: "31", [made.expired!]: "✗ expired" });
    expect(fromDashboard).toEqual(fromCli);
  });
});
