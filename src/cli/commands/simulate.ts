import type { Command } from "commander";
import { resolve } from "node:path";
import { IbiError } from "../../core/errors.js";
import type { CliErrorCode } from "../errors.js";
import { parseInteger } from "./context.js";

export function registerSimulate(program: Command): void {
  program
    .command("simulate")
    .description("Run a local HTTPS Entra ID + Microsoft Graph simulator (for tests, demos and trying ibi-entra without a tenant)")
    .option("--port <n>", "port on 127.0.0.1 (default: a free one)", parseInteger("--port", 0, 65535, 8443))
    .option("--state <file>", "JSON state file (tenants, apps, certificates, granted roles, faults), re-read when it changes")
    .action(async (o: { port?: number; state?: string }) => {
      const { runSimulatorCli, SimulatorStateError } = await import("../../simulator/index.js");
      const sim = await runSimulatorCli({ port: o.port, stateFile: o.state === undefined ? undefined : resolve(o.state) }).catch((e: unknown) => {
        // The simulator has its own error type (it shares no code with core); a bad state file is bad input.
        if (e instanceof SimulatorStateError) throw new IbiError<CliErrorCode>(e.code, e.message, { hint: e.hint, cause: e });
        const code = (e as NodeJS.ErrnoException | undefined)?.code;
        if (code === "EADDRINUSE")
          throw new IbiError<CliErrorCode>("port_in_use", `port ${o.port} is in use on 127.0.0.1`, {
            hint: "stop what listens there, choose another --port, or leave --port out to take a free one",
            cause: e,
          });
        if (code === "EACCES")
          throw new IbiError<CliErrorCode>("port_not_allowed", `port ${o.port} cannot be opened by this user (EACCES)`, {
            hint: "choose a port from 1024 up, or leave --port out to take a free one",
            cause: e,
          });
        throw e;
      });
      await new Promise<void>((done) => {
        const stop = () => void sim.close().then(done);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}
