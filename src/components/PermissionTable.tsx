// The result of "Test connection": the sign-in, then one row per required permission (✓ granted,
// ✗ missing with the fix, ✓ covered by a broader permission), the admin-consent URL and warnings.
import { Box, Text } from "ink";
import type { ReactNode } from "react";
import type { CheckResult } from "../core/entra/types.js";
import wrapAnsi from "wrap-ansi";
import { authRow, needsConsent, permissionRows, type RowState } from "../present/permission-rows.js";
import { clean } from "../present/text.js";
import type { ScrollRow } from "./ScrollView.js";
import { useTheme, type Theme, type Tone } from "./Theme.js";

export interface PermissionTableProps {
  result: CheckResult;
  /** "(y copies)" hint before the consent URL */
  copyKey?: string;
  /** one line per item, cut at the edge (the main screen at 80x24); the full text is in the details view */
  compact?: boolean;
  /** compact: at most this many rows; the last then says how many more there are (undefined: all) */
  maxRows?: number;
  /** the key that shows the details view, named in that last row */
  detailsKey?: string;
}

/** Rows the table takes at `width` (the screen's layout): one per item when compact, else its text wrapped. */
export function permissionTableRows(result: CheckResult, width: number, compact: boolean, copyKey?: string): number {
  // wrapped as Ink wraps a <Text wrap="wrap"> (at words; a word longer than the line is cut)
  const rows = (text: string) => (compact ? 1 : wrapAnsi(text, Math.max(1, width), { trim: false, hard: true }).split("\n").length);
  const auth = authRow(result);
  let n = rows(`✓ ${"Authentication".padEnd(21)}${auth.text}${auth.code ? ` [${auth.code}]` : ""}`);
  if (auth.hint) n += rows(`    fix: ${auth.hint}`);
  for (const r of permissionRows(result)) {
    n += rows(`✓ ${r.name.padEnd(21)}${r.text}`);
    if (r.fix) n += rows(`    fix: ${r.fix}`);
    if (r.note) n += rows(`    note: ${r.note}`);
  }
  for (const w of result.warnings) n += rows(`⚠ ${clean(w, 300)}`);
  if (needsConsent(result)) n += rows(`  Admin consent${copyKey ? ` (${copyKey} copies)` : ""}: ${clean(result.consentUrl, 500)}`);
  return n;
}

function mark(t: Theme, s: RowState): { sym: string; tone: string | undefined } {
  switch (s) {
    case "ok":
      return { sym: t.sym.ok, tone: t.tone("ok") };
    case "covered":
      return { sym: t.sym.covered, tone: t.tone("warn") };
    case "unchecked":
      return { sym: t.sym.skipped, tone: t.tone("muted") };
    default:
      return { sym: t.sym.bad, tone: t.tone("bad") };
  }
}

export function PermissionTable({ result, copyKey, compact, maxRows, detailsKey = "v" }: PermissionTableProps) {
  const t = useTheme();
  const wrap = compact ? "truncate-end" : "wrap";
  const auth = authRow(result);
  const items: ReactNode[] = [
    <Text key="auth" wrap={wrap}>
      <Text color={auth.ok ? t.tone("ok") : t.tone("bad")}>{auth.ok ? t.sym.ok : t.sym.bad}</Text>
      {` ${"Authentication".padEnd(21)}${auth.text}${auth.code ? ` [${auth.code}]` : ""}`}
    </Text>,
  ];
  if (auth.hint) items.push(<Text key="auth-fix" wrap={wrap}>{`    fix: ${auth.hint}`}</Text>);
  for (const r of permissionRows(result)) {
    const m = mark(t, r.state);
    items.push(
      <Text key={r.name} wrap={wrap}>
        <Text color={m.tone}>{m.sym}</Text>
        {` ${r.name.padEnd(21)}${r.text}`}
      </Text>,
    );
    if (r.fix) items.push(<Text key={`${r.name}-fix`} wrap={wrap}>{`    fix: ${r.fix}`}</Text>);
    if (r.note)
      items.push(
        <Text key={`${r.name}-note`} wrap={wrap} color={t.tone("muted")}>
          {`    note: ${r.note}`}
        </Text>,
      );
  }
  result.warnings.forEach((w, i) =>
    items.push(
      <Text key={`warning-${i}`} wrap={wrap}>
        <Text color={t.tone("warn")}>{t.sym.warn}</Text>
        {` ${clean(w, 300)}`}
      </Text>,
    ),
  );
  if (needsConsent(result))
    items.push(
      <Text key="consent" wrap={wrap}>
        {`  Admin consent${copyKey ? ` (${copyKey} copies)` : ""}: `}
        <Text underline={t.color}>{clean(result.consentUrl, 500)}</Text>
      </Text>,
    );
  // Too many for the room (compact only: one row each): the last row says how many more there are and where.
  const cut = compact && maxRows !== undefined && items.length > maxRows;
  const shown = cut ? items.slice(0, Math.max(1, maxRows - 1)) : items;
  return (
    <Box flexDirection="column" flexShrink={0}>
      {shown}
      {cut ? <Text color={t.tone("muted")}>{`  ${items.length - shown.length} more rows: ${detailsKey} shows them all`}</Text> : null}
    </Box>
  );
}

/**
 * Wraps `text` to `width` (at words; a longer word, like a URL, is broken, never cut) as scroll rows; lines after
 * the first start `indent` columns in, under the text of a "fix:" line.
 */
export function wrapRows(text: string, width: number, tone?: Tone, lead?: { text: string; tone?: Tone }, indent = 0): ScrollRow[] {
  const wrap = (s: string, w: number) => wrapAnsi(s, Math.max(1, w), { trim: false, hard: true }).split("\n");
  const whole = `${lead?.text ?? ""}${text}`;
  const first = wrap(whole, width)[0]!;
  const rest = whole.slice(first.length).trimStart();
  const pad = width - indent >= 20 ? indent : 0;
  const lines = [first, ...(rest ? wrap(rest, width - pad).map((l) => " ".repeat(pad) + l.trimStart()) : [])];
  return lines.map((l, i) => (i === 0 && lead ? { lead, text: l.slice(lead.text.length), tone } : { text: l, tone }));
}

/** The whole result as rows `width` wide, for the scrolling details view: every fix line and the full consent URL. */
export function permissionTableScrollRows(result: CheckResult, t: Theme, width: number, copyKey?: string): ScrollRow[] {
  const out: ScrollRow[] = [];
  const sym = (s: RowState) => ({ ok: "ok", covered: "warn", unchecked: "muted", missing: "bad", failed: "bad" }[s] as Tone);
  const symText = (s: RowState) => ({ ok: t.sym.ok, covered: t.sym.covered, unchecked: t.sym.skipped, missing: t.sym.bad, failed: t.sym.bad }[s]);
  const auth = authRow(result);
  out.push(...wrapRows(` ${"Authentication".padEnd(21)}${auth.text}${auth.code ? ` [${auth.code}]` : ""}`, width, undefined, { text: auth.ok ? t.sym.ok : t.sym.bad, tone: auth.ok ? "ok" : "bad" }, 23));
  if (auth.hint) out.push(...wrapRows(`    fix: ${auth.hint}`, width, undefined, undefined, 9));
  for (const r of permissionRows(result)) {
    out.push(...wrapRows(` ${r.name.padEnd(21)}${r.text}`, width, undefined, { text: symText(r.state), tone: sym(r.state) }, 23));
    if (r.fix) out.push(...wrapRows(`    fix: ${r.fix}`, width, undefined, undefined, 9));
    if (r.note) out.push(...wrapRows(`    note: ${r.note}`, width, "muted", undefined, 10));
  }
  for (const w of result.warnings) out.push(...wrapRows(` ${clean(w, 300)}`, width, undefined, { text: t.sym.warn, tone: "warn" }, 2));
  // the URL on lines of its own: wrapped, never cut, so that it can be selected whole
  if (needsConsent(result)) out.push({ text: `  Admin consent${copyKey ? ` (${copyKey} copies)` : ""}:` }, ...wrapRows(clean(result.consentUrl, 2000), width));
  return out;
}
