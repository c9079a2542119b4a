// Lines taller than the room they get: shows `rows` of them at a time, ↑/↓ PgUp/PgDn Home/End move, and a
// marker says where you are ("lines 1–18 of 31"), so nothing is cut without a word.
import { Box, Text } from "ink";
import { useKeyStream } from "./use-key-stream.js";
import { useState } from "react";
import { useTheme, type Tone } from "./Theme.js";

/** One row on screen: already wrapped to the width (see wrapRows), with an optional coloured lead. */
export interface ScrollRow {
  lead?: { text: string; tone?: Tone };
  text: string;
  tone?: Tone;
}

export interface ScrollViewProps {
  rows: ScrollRow[];
  /** screen rows for the view, the marker included */
  height: number;
}

/** "lines 1–18 of 31 · ↑/↓ PgUp/PgDn Home/End" (nothing when everything fits). */
export function scrollMarker(first: number, shown: number, total: number): string {
  return `lines ${first + 1}–${first + shown} of ${total} · ↑/↓ PgUp/PgDn Home/End`;
}

export function ScrollView({ rows, height }: ScrollViewProps) {
  const t = useTheme();
  const fits = rows.length <= height;
  // the marker takes a row when the lines do not all fit
  const page = fits ? rows.length : Math.max(1, height - 1);
  const last = Math.max(0, rows.length - page);
  const [top, setTop] = useState(0);
  const first = Math.min(top, last);
  // Each key of a burst (↓↓↓ in one read) moves from where the previous one left the view.
  useKeyStream(
    (k) => {
      const by = (delta: number) => setTop((t) => Math.max(0, Math.min(last, Math.min(t, last) + delta)));
      if (k.name === "up") by(-1);
      else if (k.name === "down") by(1);
      else if (k.name === "pageup") by(-page);
      else if (k.name === "pagedown") by(page);
      else if (k.name === "home") setTop(0);
      else if (k.name === "end") setTop(last);
    },
    { isActive: !fits },
  );
  return (
    <Box flexDirection="column" flexShrink={0}>
      {rows.slice(first, first + page).map((r, i) => (
        <Text key={first + i} wrap="truncate-end">
          {r.lead ? <Text color={r.lead.tone ? t.tone(r.lead.tone) : undefined}>{r.lead.text}</Text> : null}
          <Text color={r.tone ? t.tone(r.tone) : undefined}>{r.text}</Text>
        </Text>
      ))}
      {fits ? null : <Text color={t.tone("muted")}>{scrollMarker(first, page, rows.length)}</Text>}
    </Box>
  );
}
