// The entry of dist/dashboard.vm.js (see loader.ts): the dashboard, and the warm-up render the build
// runs before it saves the script's code cache.
export { NO_TTY_MESSAGE, runDashboard } from "./run.js";
export { warmUpDashboard } from "./warmup.js";
