// Bottom lines: the keys that work where the focus is, and the secret store in use and why. Nothing is cut:
// the keys wrap between entries, and the store line drops its "Secrets: ... file" words before it wraps, so the
// reason (why the vault was chosen) is always there in full.
import { Box, Text } from "ink";
import wrapAnsi from "wrap-ansi";
import { useTheme } from "./Theme.js";

export interface StatusLineProps {
  keys: { key: string; label: string }[];
  store?: { kind: "keychain" | "file"; reason: string };
  width: number;
}

/** The lines drawn at `width` (the separator is one column in both symbol sets). */
export function statusLineText(keys: StatusLineProps["keys"], store: StatusLineProps["store"], width: number, sep = "·"): { keys: string[]; store: string[] } {
  const w = Math.max(1, width);
  const keyLines: string[] = [];
  for (const k of keys.map((k) => `${k.key} ${k.label}`)) {
    const last = keyLines.length - 1;
    const joined = last >= 0 ? `${keyLines[last]} ${sep} ${k}` : k;
    if (last >= 0 && joined.length <= w) keyLines[last] = joined;
    else keyLines.push(k);
  }
  let storeText = "Secrets: checking the keychain…";
  if (store) {
    const full = `Secrets: ${store.kind === "keychain" ? "keychain" : "vault file"} (${store.reason})`;
    storeText = full.length <= w ? full : `${store.kind === "keychain" ? "keychain" : "vault"} (${store.reason})`;
  }
  const wrap = (s: string) => wrapAnsi(s, w, { hard: true, trim: true }).split("\n");
  return { keys: keyLines.flatMap(wrap), store: wrap(storeText) };
}

/** Rows the status line takes at `width` (see src/screens/dashboard-layout.ts). */
export function statusLineRows(keys: StatusLineProps["keys"], store: StatusLineProps["store"], width: number): number {
  const lines = statusLineText(keys, store, width);
  return lines.keys.length + lines.store.length;
}

export function StatusLine({ keys, store, width }: StatusLineProps) {
  const t = useTheme();
  const lines = statusLineText(keys, store, width, t.sym.sep);
  return (
    <Box flexDirection="column" flexShrink={0}>
      {lines.keys.map((l, i) => (
        <Text key={`k${i}`} wrap="truncate-end" inverse={t.color}>
          {l.padEnd(width)}
        </Text>
      ))}
      {lines.store.map((l, i) => (
        <Text key={`s${i}`} wrap="truncate-end" color={t.tone("muted")}>
          {l}
        </Text>
      ))}
    </Box>
  );
}
