#!/usr/bin/env node
// The entry point, kept tiny: scripts and monitoring call --version to probe an install, and it should cost
// no more than starting node. Everything else loads the command line (and only what each command needs).
// The version is inlined by the build (no import: each module file loaded costs start-up time).
declare const IBI_ENTRA_VERSION: string;
const version = typeof IBI_ENTRA_VERSION === "string" ? IBI_ENTRA_VERSION : "0.0.0-dev";

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  process.stdout.write(`${version}\n`);
} else if (args.length === 0) {
  // The dashboard: nothing to parse, so the command line (commander and every command) is not loaded.
  const { openDashboard } = await import("./tui/loader.js");
  await openDashboard();
} else {
  const { main } = await import("./cli/program.js");
  await main(process.argv, async (opts) => {
    const { loadDashboard } = await import("./tui/loader.js");
    const { runDashboard } = await loadDashboard();
    return runDashboard(opts);
  });
}
