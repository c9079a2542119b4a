// runDashboard without a terminal: a clear message pointing to the subcommands, exit code 2, nothing drawn.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { NO_TTY_MESSAGE, runDashboard } from "../src/tui/run.js";

const ROOT = resolve(new URL("..", import.meta.url).pathname);

describe("runDashboard without a TTY", () => {
  it("prints where to go instead and returns 2", async () => {
    const stdin = process.stdin as { isTTY?: boolean };
    const saved = stdin.isTTY;
    stdin.isTTY = false;
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      expect(await runDashboard({ env: { ...process.env } })).toBe(2);
      const text = err.mock.calls.map((c) => String(c[0])).join("");
      expect(text).toBe(NO_TTY_MESSAGE);
      expect(text).toContain("ibi-entra cert ");
      expect(text).toContain("ibi-entra config set ");
      expect(text).toContain("ibi-entra check");
      expect(out).not.toHaveBeenCalled();
    } finally {
      err.mockRestore();
      out.mockRestore();
      stdin.isTTY = saved;
    }
  });

  it.skipIf(!existsSync(join(ROOT, "dist", "main.js")))("the built CLI with no arguments and piped stdio exits 2 with the message", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "dist", "main.js")], { input: "", encoding: "utf8", env: { ...process.env, IBI_ENTRA_HOME: "/nonexistent-ibi-entra" } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("the dashboard needs an interactive terminal");
    expect(r.stdout).toBe("");
  });
});
