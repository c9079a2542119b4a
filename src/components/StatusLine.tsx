// Bottom lines: the keys that work where the focus is, the secret store in use and why, and the save state.
import { Box, Text } from "ink";
import { useTheme } from "./Theme.js";

export interface StatusLineProps {
  keys: { key: string; label: string }[];
  store?: { kind: "keychain" | "file"; reason: string };
  width: number;
}

/** The keys and the secret store: one line each, cut at the edge. */
export const STATUS_LINE_ROWS = 2;

export function StatusLine({ keys, store, width }: StatusLineProps) {
  const t = useTheme();
  const keyText = keys.map((k) => `${k.key} ${k.label}`).join(` ${t.sym.sep} `);
  const storeText = store
    ? `Secrets: ${store.kind === "keychain" ? "keychain" : "vault file"} (${store.reason})`
    : "Secrets: checking the keychain…";
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Text wrap="truncate-end" inverse={t.color}>{keyText.padEnd(width)}</Text>
      <Text wrap="truncate-end" color={t.tone("muted")}>{storeText}</Text>
    </Box>
  );
}
