// A bordered box with a title, drawn in place of the main content while it is open.
import { Box, Text } from "ink";
import type { ReactNode } from "react";
import { useTheme } from "./Theme.js";

export interface DialogProps {
  title: string;
  children: ReactNode;
  /** the keys that work in this dialog, shown at the bottom */
  footer?: string;
  width?: number;
}

/** Rows a dialog adds around its content: the border, the title and the footer with the blank rows before them. */
export const DIALOG_CHROME_ROWS = 6;
/** Columns a dialog adds: the border and one column of padding each side. */
export const DIALOG_CHROME_COLUMNS = 4;

export function Dialog({ title, children, footer, width }: DialogProps) {
  const t = useTheme();
  return (
    <Box flexDirection="column" borderStyle={t.border} borderColor={t.tone("accent")} paddingX={1} width={width} flexShrink={0}>
      <Text bold>{title}</Text>
      <Box flexDirection="column" marginTop={1}>
        {children}
      </Box>
      {footer ? (
        <Box marginTop={1}>
          <Text color={t.tone("muted")}>{footer}</Text>
        </Box>
      ) : null}
    </Box>
  );
}
