// The command line: parses arguments with commander, maps errors to exit codes, and opens the dashboard when no
// command is given. Everything heavy (Ink, msal, Graph, node-forge) is imported only by the command that needs it.
import { Command, CommanderError } from "commander";
import { registerCertActivate } from "./commands/cert/activate.js";
import { registerCertDelete } from "./commands/cert/delete.js";
import { registerCertExport } from "./commands/cert/export.js";
import { registerCertGenerate } from "./commands/cert/generate.js";
import { registerCertImport } from "./commands/cert/import.js";
import { registerCertList } from "./commands/cert/list.js";
import { registerCheck } from "./commands/check.js";
import { registerConfigSet } from "./commands/config/set.js";
import { registerConfigShow } from "./commands/config/show.js";
import { registerConsentUrl } from "./commands/consent-url.js";
import { registerDoctor } from "./commands/doctor.js";
import { registerRegister } from "./commands/register.js";
import { registerSimulate } from "./commands/simulate.js";
import { reportError } from "./output.js";
import { ExitCode } from "../core/errors.js";
import { printable } from "../core/validate.js";

import { version } from "../version.js";

/** Opens the dashboard; given by src/main.ts, the only module that knows both the CLI and the dashboard. */
export type OpenDashboard = (opts: { profileName?: string; demo?: boolean }) => Promise<number>;

export function buildProgram(openDashboard?: OpenDashboard): Command {
  const program = new Command("ibi-entra")
    .description("Connect IBI-aws to Microsoft Entra ID: certificates, encrypted configuration, and a per-permission connection test.\nWith no command, opens the dashboard.")
    .version(version, "-V, --version")
    .option("--profile <name>", "profile to use (default: default)")
    .option("--demo", "open the dashboard against the built-in simulator with a sample tenant")
    .showSuggestionAfterError()
    .exitOverride();

  const cert = program.command("cert").description("Certificates for client authentication (Generate, Export (Public Key Only)..., activate)");
  registerCertGenerate(cert);
  registerCertList(cert);
  registerCertExport(cert);
  registerCertImport(cert);
  registerCertActivate(cert);
  registerCertDelete(cert);
  const config = program.command("config").description("Settings: Tenant ID, Application ID, cloud, hosts, encryption");
  registerConfigShow(config);
  registerConfigSet(config);
  registerCheck(program);
  registerConsentUrl(program);
  registerDoctor(program);
  registerRegister(program);
  registerSimulate(program);

  // The dashboard is the default action, so commander would read a mistyped command ("certs") as an excess
  // argument of it ("too many arguments"): operands are let through here and named as the unknown command they are.
  program.allowExcessArguments(true);
  program.action(async (o: { profile?: string; demo?: boolean }) => {
    if (program.args[0] === "help") {
      // commander adds no "help <command>" to a program with a default action: give it here
      const name = program.args[1];
      if (name === undefined) program.help();
      program.commands.find((c) => c.name() === name)?.help();
      program.args = program.args.slice(1);
    }
    if (program.args.length > 0) {
      // commander's own (untyped) unknownCommand() adds the "did you mean" suggestion
      const own = (program as unknown as { unknownCommand?: () => never }).unknownCommand;
      if (typeof own === "function") own.call(program);
      program.error(`error: unknown command '${program.args[0]}'`, { code: "commander.unknownCommand", exitCode: ExitCode.usage });
    }
    if (!openDashboard) throw new Error("no dashboard in this build of the command line");
    process.exitCode = await openDashboard({ profileName: o.profile, demo: o.demo });
  });
  for (const c of [program, cert, config, ...program.commands, ...cert.commands, ...config.commands]) {
    c.exitOverride();
    c.configureOutput({ outputError: (str, write) => write(usageErrorLines(str, c)) });
  }
  return program;
}

/** "ibi-entra cert list": the command as typed, for its --help. */
function commandPath(c: Command): string {
  const names: string[] = [];
  for (let x: Command | null = c; x; x = x.parent) names.unshift(x.name());
  return names.join(" ");
}

/**
 * commander's usage errors in ibi-entra's form: one "ibi-entra: …" line (a suggestion joins it: "— did you mean
 * 'cert'?") and a hint naming the --help that lists what is valid.
 */
export function usageErrorLines(commanderMessage: string, c: Command): string {
  const [first = "", ...rest] = commanderMessage.replace(/^error: /, "").trimEnd().split("\n");
  const suggestion = /^\(Did you mean (?:one of )?(.+)\?\)$/.exec(rest.join(" ").trim());
  const names = suggestion ? suggestion[1]!.split(", ").map((n) => `'${n}'`) : [];
  const message = `${printable(first, 200)}${names.length ? ` — did you mean ${names.join(" or ")}?` : ""}`;
  const what = /^unknown command/.test(first) ? "the commands" : "the options and arguments";
  return `ibi-entra: ${message}\n  hint: see ${what} with: ${commandPath(c)} --help\n`;
}

export async function main(argv: string[], openDashboard?: OpenDashboard): Promise<void> {
  try {
    await buildProgram(openDashboard).parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and --version end with exit code 0; usage mistakes are exit 2 like every other bad input.
      if (e.exitCode === 0 || e.code === "commander.helpDisplayed" || e.code === "commander.version") process.exitCode = ExitCode.ok;
      else if (e.code === "commander.help") process.exitCode = ExitCode.usage;
      else process.exitCode = ExitCode.usage;
      return;
    }
    process.exitCode = reportError(e);
  }
}
