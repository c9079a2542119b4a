// @ts-check
// Preloaded by the benchmark (node --import): records the process's peak RSS (KiB) when it exits.
import { appendFileSync } from "node:fs";
const out = process.env.IBI_ENTRA_RSS_OUT;
if (out) {
  process.on("exit", () => appendFileSync(out, `${process.resourceUsage().maxRSS}\n`));
}
