import type { Command } from "commander";
import { setTimeout as sleep } from "node:timers/promises";
import type { CheckResult } from "../../core/entra/check.js";
import { formatCheckReport } from "../check-report.js";
import { info, printJson } from "../output.js";
import { openProfile, optionsOf, parseInteger, withJson, withProfile, type CommonOptions } from "./context.js";

interface Options extends CommonOptions {
  probe?: boolean;
  watch?: number | boolean;
  timeout?: number;
}

export function registerCheck(program: Command): void {
  const cmd = program
    .command("check")
    .description("Test connection: sign in with the active certificate and check each required Graph permission")
    .option("--no-probe", "judge permissions from the token only, without calling Graph")
    .option("--watch [seconds]", "re-check every N seconds (default 10) until all are OK, then exit 0", parseInteger("--watch seconds", 1, 3600, 10))
    .option("--timeout <seconds>", "per-request timeout (default 15)", parseInteger("--timeout seconds", 1, 300, 15), 15);
  withJson(withProfile(cmd)).action(async (_o, c: Command) => {
    const o = optionsOf<Options>(c);
    const [{ checkExitCode }, { testConnection }] = await Promise.all([import("../../core/entra/check.js"), import("../../core/actions/test-connection.js")]);
    const profile = await openProfile(o);
    const interval = o.watch === undefined || o.watch === false ? undefined : o.watch === true ? 10 : o.watch;
    const run = () => testConnection(profile, { probe: o.probe !== false, timeoutMs: (o.timeout ?? 15) * 1000 });
    const show = (r: CheckResult) => {
      if (o.json) printJson(r);
      else process.stdout.write(`${formatCheckReport(r, { ascii: process.env.TERM === "dumb" })}\n`);
    };
    let result = await run();
    show(result);
    if (interval !== undefined) {
      while (!result.ok) {
        info(`Re-checking in ${interval} s (Ctrl+C to stop)…`);
        await sleep(interval * 1000);
        result = await run();
        show(result);
      }
    }
    process.exitCode = checkExitCode(result);
    await (await import("../../core/entra/network.js")).closeNetworkDispatcher();
  });
}

