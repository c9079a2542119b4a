// The entry of dist/dashboard.vm.js (see dashboard-loader.ts): the dashboard, and the warm-up render the build
// runs before it saves the script's code cache.
export { NO_TTY_MESSAGE, runDashboard } from "./dashboard.js";
export { warmUpDashboard } from "./dashboard-warmup.js";
