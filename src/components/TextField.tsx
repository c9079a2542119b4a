// A labelled one-line text input with its validation message under it (shown while typing).
import { Box, Text } from "ink";
import TextInput from "ink-text-input";
import { useTheme } from "./Theme.js";

export interface TextFieldProps {
  label: string;
  value: string;
  focused: boolean;
  onChange: (value: string) => void;
  onSubmit?: (value: string) => void;
  error?: string;
  /** masks the value (passwords) */
  mask?: string;
  placeholder?: string;
  labelWidth?: number;
}

export function TextField({ label, value, focused, onChange, onSubmit, error, mask, placeholder, labelWidth = 16 }: TextFieldProps) {
  const t = useTheme();
  return (
    <Box flexDirection="column">
      <Box>
        <Text color={focused ? t.tone("accent") : undefined}>{focused ? `${t.sym.pointer} ` : "  "}</Text>
        <Box width={labelWidth} flexShrink={0}>
          <Text bold={focused}>{label}</Text>
        </Box>
        <Text>{value === "" && !focused && !placeholder ? "(not set)" : ""}</Text>
        <TextInput value={value} focus={focused} onChange={(v) => onChange(applyControlKeys(v))} onSubmit={onSubmit} mask={mask} placeholder={placeholder} showCursor />
      </Box>
      {error ? (
        <Box paddingLeft={2 + labelWidth}>
          <Text color={t.tone("bad")}>{`${t.sym.bad} ${error}`}</Text>
        </Box>
      ) : null}
    </Box>
  );
}

/**
 * Several keys read from the terminal at once reach ink-text-input as one "paste", so DEL/BS bytes (a held
 * Backspace over SSH) would be inserted as text: apply them as deletions, and drop other control characters.
 */
export function applyControlKeys(value: string): string {
  let out = "";
  for (const ch of value) {
    if (ch === "\x7f" || ch === "\b") out = Array.from(out).slice(0, -1).join("");
    // eslint-disable-next-line no-control-regex
    else if (!/[\u0000-\u001f\u0080-\u009f]/.test(ch)) out += ch;
  }
  return out;
}
