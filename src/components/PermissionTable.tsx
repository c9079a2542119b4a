// The result of "Test connection": the sign-in, then one row per required permission (✓ granted,
// ✗ missing with the fix, ✓ covered by a broader permission), the admin-consent URL and warnings.
import { Box, Text } from "ink";
import type { CheckResult } from "../core/entra/types.js";
import wrapAnsi from "wrap-ansi";
import { authRow, needsConsent, permissionRows, type RowState } from "../present/permission-rows.js";
import { clean } from "../present/text.js";
import { useTheme, type Theme } from "./Theme.js";

export interface PermissionTableProps {
  result: CheckResult;
  /** "(y copies)" hint before the consent URL */
  copyKey?: string;
  /** one line per item, cut at the edge (the main screen at 80x24); the full text is in the details view */
  compact?: boolean;
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

export function PermissionTable({ result, copyKey, compact }: PermissionTableProps) {
  const t = useTheme();
  const wrap = compact ? "truncate-end" : "wrap";
  const auth = authRow(result);
  const rows = permissionRows(result);
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Text wrap={wrap}>
        <Text color={auth.ok ? t.tone("ok") : t.tone("bad")}>{auth.ok ? t.sym.ok : t.sym.bad}</Text>
        {` ${"Authentication".padEnd(21)}${auth.text}${auth.code ? ` [${auth.code}]` : ""}`}
      </Text>
      {auth.hint ? <Text wrap={wrap}>{`    fix: ${auth.hint}`}</Text> : null}
      {rows.map((r) => {
        const m = mark(t, r.state);
        return (
          <Box key={r.name} flexDirection="column" flexShrink={0}>
            <Text wrap={wrap}>
              <Text color={m.tone}>{m.sym}</Text>
              {` ${r.name.padEnd(21)}${r.text}`}
            </Text>
            {r.fix ? <Text wrap={wrap}>{`    fix: ${r.fix}`}</Text> : null}
            {r.note ? <Text wrap={wrap} color={t.tone("muted")}>{`    note: ${r.note}`}</Text> : null}
          </Box>
        );
      })}
      {result.warnings.map((w, i) => (
        <Text key={i} wrap={wrap}>
          <Text color={t.tone("warn")}>{t.sym.warn}</Text>
          {` ${clean(w, 300)}`}
        </Text>
      ))}
      {needsConsent(result) ? (
        <Text wrap={wrap}>
          {`  Admin consent${copyKey ? ` (${copyKey} copies)` : ""}: `}
          <Text underline={t.color}>{clean(result.consentUrl, 500)}</Text>
        </Text>
      ) : null}
    </Box>
  );
}
