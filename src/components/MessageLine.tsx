// The outcome of the last action (or what is running), with the hint of an error on the next line.
import { Box, Text } from "ink";
import { Spinner } from "./Spinner.js";
import { useTheme } from "./Theme.js";
import type { Message } from "../present/message.js";

export type { Message };

/** Rows a message takes: its text, and its hint on the next line (a spinner: one). */
export function messageLineRows(message: Message | undefined, busy?: string): number {
  if (busy) return 1;
  return message ? 1 + (message.hint ? 1 : 0) : 0;
}

/** What the screen keeps free for the message line, so the panes above do not move as messages come and go. */
export const MESSAGE_LINE_MAX_ROWS = 2;

export function MessageLine({ message, busy }: { message?: Message; busy?: string }) {
  const t = useTheme();
  if (busy) return <Spinner label={busy} />;
  if (!message) return null;
  const sym = message.kind === "ok" ? t.sym.ok : message.kind === "error" ? t.sym.bad : message.kind === "warn" ? t.sym.warn : "i";
  const tone = message.kind === "ok" ? t.tone("ok") : message.kind === "error" ? t.tone("bad") : message.kind === "warn" ? t.tone("warn") : t.tone("accent");
  return (
    <Box flexDirection="column">
      <Text>
        <Text color={tone}>{sym}</Text>
        {` ${message.text}`}
      </Text>
      {message.hint ? <Text color={t.tone("muted")}>{`  hint: ${message.hint}`}</Text> : null}
    </Box>
  );
}
