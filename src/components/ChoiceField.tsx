// A labelled value picked from a short list with ←/→ (the cloud): "< global >".
import { Box, Text } from "ink";
import { useTheme } from "./Theme.js";

export interface ChoiceFieldProps {
  label: string;
  value: string;
  focused: boolean;
  /** extra words after the value, e.g. the login host of the cloud */
  detail?: string;
  labelWidth?: number;
}

export function ChoiceField({ label, value, focused, detail, labelWidth = 16 }: ChoiceFieldProps) {
  const t = useTheme();
  return (
    <Box>
      <Text color={focused ? t.tone("accent") : undefined}>{focused ? `${t.sym.pointer} ` : "  "}</Text>
      <Box width={labelWidth} flexShrink={0}>
        <Text bold={focused}>{label}</Text>
      </Box>
      <Text bold={focused}>{focused ? `< ${value} >` : `  ${value}  `}</Text>
      {detail ? <Text color={t.tone("muted")}>{` ${detail}`}</Text> : null}
    </Box>
  );
}
