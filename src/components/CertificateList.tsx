// The profile's certificates: which one is active, subject, SHA-1 thumbprint (what the portal shows), expiry
// and days left, with a warning symbol when EXPIRY_WARNING_DAYS (30) days or fewer are left. Selection is moved by the parent (↑/↓).
import { Box, Text } from "ink";
import type { CertificateView } from "../core/store/profile.js";
import { certificateRow, daysLeftCell } from "../present/certificate-rows.js";
import { useTheme } from "./Theme.js";

export interface CertificateListProps {
  certificates: CertificateView[];
  selected: number;
  focused: boolean;
  /** columns available; the thumbprint is shortened to fit */
  width: number;
  /** rows of certificates shown at once (the list scrolls to keep the selection visible) */
  maxRows?: number;
  /** drawn bold in place of the "Subject" heading (saves a row at 80x24) */
  title?: string;
}

const EXPIRES = 11;
const DAYS = 10;
const ACTIVE = 7;
const SUBJECT_MIN = 12;
const SUBJECT_MAX = 18;

/**
 * Column widths for a terminal `width` wide. The full 40-digit SHA-1 comes first: the admin compares it with the
 * portal's Thumbprint column. Then the subject; the "active" word goes before the thumbprint is shortened (the
 * ● / ○ symbol already says which one is active).
 */
export function certificateColumns(width: number): { subject: number; thumb: number; showActive: boolean } {
  const rest = 4 + 1 + EXPIRES + DAYS; // pointer and symbol, space after the thumbprint, expiry, days
  const forSubject = width - rest - 40;
  const showActive = forSubject - ACTIVE >= 14;
  const subject = Math.max(SUBJECT_MIN, Math.min(SUBJECT_MAX, forSubject - (showActive ? ACTIVE : 0)));
  const thumb = Math.max(12, Math.min(40, width - rest - subject - (showActive ? ACTIVE : 0)));
  return { subject, thumb, showActive };
}

const EMPTY = "No certificate yet: press g to Generate one, or i to Import a PFX.";

/** Rows the list takes at `width` showing at most `maxRows` certificates (layout; see src/screens/dashboard-layout.ts). */
export function certificateListRows(count: number, maxRows: number, width: number, title?: string): number {
  if (count === 0) return (title ? 1 : 0) + Math.ceil(EMPTY.length / Math.max(1, width - 2));
  return 1 + Math.min(count, maxRows) + (count > maxRows ? 1 : 0);
}

export function CertificateList({ certificates, selected, focused, width, maxRows = 4, title }: CertificateListProps) {
  const t = useTheme();
  if (certificates.length === 0)
    return (
      <Box flexDirection="column">
        {title ? <Text bold>{title}</Text> : null}
        <Box paddingLeft={2}>
          <Text color={t.tone("muted")}>{EMPTY}</Text>
        </Box>
      </Box>
    );
  const { subject: SUBJECT, thumb: thumbWidth, showActive } = certificateColumns(width);
  const first = Math.min(Math.max(0, selected - maxRows + 1), Math.max(0, certificates.length - maxRows));
  const visible = certificates.slice(first, first + maxRows);
  return (
    <Box flexDirection="column">
      <Text>
        {title ? <Text bold>{title.padEnd(4 + SUBJECT)}</Text> : <Text color={t.tone("muted")}>{"    " + "Subject".padEnd(SUBJECT)}</Text>}
        <Text color={t.tone("muted")}>{"SHA-1 thumbprint".padEnd(thumbWidth + 1) + "Expires".padEnd(EXPIRES) + "Days left"}</Text>
      </Text>
      {visible.map((c, i) => {
        const index = first + i;
        const row = certificateRow(c, thumbWidth);
        const isSel = index === selected;
        const days = daysLeftCell(row, t.sym);
        return (
          <Box key={c.thumbprintSha256}>
            <Text color={t.tone("accent")}>{isSel && focused ? `${t.sym.pointer} ` : isSel ? "  " : "  "}</Text>
            <Text inverse={isSel && focused && t.color} bold={isSel}>
              {`${row.active ? t.sym.active : t.sym.inactive} `}
              {fit(row.subject, SUBJECT - 1)}
              {" "}
              {row.thumbprint.padEnd(thumbWidth + 1)}
              {row.expires.padEnd(EXPIRES)}
            </Text>
            <Text color={row.warning === "none" ? undefined : t.tone(row.warning === "expired" ? "bad" : "warn")}>{showActive ? days.padEnd(DAYS) : days}</Text>
            {showActive ? <Text color={t.tone("ok")}>{row.active ? "active" : ""}</Text> : null}
          </Box>
        );
      })}
      {certificates.length > maxRows ? (
        <Text color={t.tone("muted")}>{`    ${selected + 1} of ${certificates.length} (↑/↓ to scroll)`}</Text>
      ) : null}
    </Box>
  );
}

function fit(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n);
}
