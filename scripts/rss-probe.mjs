// Preloaded by the benchmark (node --import): records the process's peak RSS (KiB) when it exits.
import { appendFileSync } from "node:fs";
if (process.env.IBI_ENTRA_RSS_OUT) {
  process.on("exit", () => appendFileSync(process.env.IBI_ENTRA_RSS_OUT, `${process.resourceUsage().maxRSS}\n`));
}
