// Masked prompts for passwords and passphrases. Like Shopify's cli-kit, we refuse to prompt without a TTY and
// name the variable to set instead, so scripts fail fast rather than hang.
import { IbiError } from "../core/errors.js";
import type { CliErrorCode } from "./errors.js";

export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

export async function promptHidden(label: string, envHint: string): Promise<string> {
  if (!canPrompt())
    throw new IbiError<CliErrorCode>("no_tty", `${label} is needed, and there is no terminal to ask on`, { hint: `set ${envHint}` });
  const stdin = process.stdin;
  process.stderr.write(`${label}: `);
  const wasRaw = stdin.isRaw;
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  try {
    return await new Promise<string>((resolve, reject) => {
      let value = "";
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === "\r" || ch === "\n") {
            stdin.off("data", onData);
            process.stderr.write("\n");
            resolve(value);
            return;
          }
          if (ch === "\u0003" || ch === "\u001b") {
            stdin.off("data", onData);
            process.stderr.write("\n");
            reject(new IbiError<CliErrorCode>("cancelled", `${label}: cancelled`, { exitCode: 2 }));
            return;
          }
          if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
          else if (ch >= " ") value += ch;
        }
      };
      stdin.on("data", onData);
    });
  } finally {
    stdin.setRawMode(wasRaw);
    stdin.pause();
  }
}

/** Asks twice when creating something that will need the same secret later; `check` may refuse the first entry at once. */
export async function promptNewSecret(label: string, envHint: string, check?: (value: string) => void): Promise<string> {
  const first = await promptHidden(label, envHint);
  if (first === "") throw new IbiError<CliErrorCode>("empty_secret", `${label} must not be empty`, { hint: `set ${envHint}, or type one` });
  check?.(first);
  const second = await promptHidden(`${label} (again)`, envHint);
  if (first !== second) throw new IbiError<CliErrorCode>("secret_mismatch", `${label}: the two entries differ; nothing was changed`, {
      hint: "type the same value both times",
    });
  return first;
}

/** A yes/no question on the terminal, one key: y is yes, anything else (Enter, n, Esc, Ctrl+C) is no. */
export async function confirm(question: string): Promise<boolean> {
  if (!canPrompt()) return false;
  const stdin = process.stdin;
  process.stderr.write(`${question} [y/N] `);
  const wasRaw = stdin.isRaw;
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  try {
    const key = await new Promise<string>((resolve) => stdin.once("data", (chunk: string) => resolve(chunk)));
    const yes = key === "y" || key === "Y";
    process.stderr.write(`${yes ? "y" : "n"}\n`);
    return yes;
  } finally {
    stdin.setRawMode(wasRaw);
    stdin.pause();
  }
}
