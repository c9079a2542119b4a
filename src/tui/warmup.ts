// Build time only (scripts/dashboard-cache.mjs): draws the dashboard once into in-memory streams, like the
// first frame in a terminal, so that the V8 code cache saved afterwards holds the functions that frame runs
// (see loader.ts). Nothing here runs when an admin starts ibi-entra.
import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDashboard } from "./run.js";

class MemoryTerminal extends EventEmitter {
  readonly isTTY = true;
  readonly columns = 100;
  readonly rows = 30;
  text = "";
  write(data: string | Uint8Array): boolean {
    this.text += String(data);
    this.emit("written");
    return true;
  }
}

class MemoryKeyboard extends EventEmitter {
  readonly isTTY = true;
  private readonly queued: string[] = [];
  setRawMode(): this {
    return this;
  }
  setEncoding(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  read(): string | null {
    return this.queued.shift() ?? null;
  }
  press(data: string): void {
    this.queued.push(data);
    this.emit("readable");
  }
}

/** Draws the dashboard of an empty profile until its status line shows, then quits with Ctrl+C. */
export async function warmUpDashboard(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), "ibi-entra-warm-up-"));
  try {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, IBI_ENTRA_HOME: home, IBI_ENTRA_SECRET_STORE: "file", TERM: "xterm-256color" };
    const stdout = new MemoryTerminal();
    const stdin = new MemoryKeyboard();
    const streams = { stdin, stdout, stderr: new MemoryTerminal() } as unknown as NonNullable<Parameters<typeof runDashboard>[0]>["streams"];
    const drawn = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the warm-up render did not finish; it drew:\n${stdout.text}`)), 20_000);
      const check = () => {
        if (!stdout.text.includes("Secrets:")) return;
        clearTimeout(timer);
        stdout.off("written", check);
        resolve();
      };
      stdout.on("written", check);
    });
    const ran = runDashboard({ env, streams });
    await drawn;
    stdin.press("\x03");
    const code = await ran;
    if (code !== 0) throw new Error(`the warm-up render ended with ${code}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
