// A labelled one-line text input with its validation message under it (shown while typing). Keys come as a
// stream (./use-key-stream.ts) and are applied one by one to the latest value (./use-line-edit.ts).
import { Box, Text } from "ink";
import type { Key } from "./keys.js";
import { useTheme } from "./Theme.js";
import { useKeyStream } from "./use-key-stream.js";
import { useLineEdit, type LineEditor } from "./use-line-edit.js";

export interface TextFieldProps {
  label: string;
  value: string;
  focused: boolean;
  onChange: (value: string) => void;
  onSubmit?: (value: string) => void;
  error?: string;
  /** masks the value (passwords) */
  mask?: string;
  labelWidth?: number;
  /**
   * The owner reads the keys and edits through this editor (the dashboard routes each key itself, so a key
   * after Enter goes to the next field); without it the field reads the keys while focused.
   */
  editor?: LineEditor;
  /** show the cursor (default: while focused); the dashboard's Esc leaves editing with the focus kept */
  editing?: boolean;
}

export function TextField({ label, value, focused, onChange, onSubmit, error, mask, labelWidth = 16, editor, editing = focused }: TextFieldProps) {
  const t = useTheme();
  const own = useLineEdit(value, onChange);
  const ed = editor ?? own;
  useKeyStream(
    (k: Key) => {
      if (ed.handle(k)) return;
      if (k.name === "enter" && !k.alt) onSubmit?.(ed.current().value);
    },
    { isActive: focused && !editor },
  );
  const { cursor } = ed.current();
  return (
    <Box flexDirection="column">
      <Box>
        <Text color={focused ? t.tone("accent") : undefined}>{focused ? `${t.sym.pointer} ` : "  "}</Text>
        <Box width={labelWidth} flexShrink={0}>
          <Text bold={focused}>{label}</Text>
        </Box>
        <Text>{value === "" && !focused ? "(not set)" : ""}</Text>
        <LineText value={value} cursor={editing ? cursor : undefined} mask={mask} />
      </Box>
      {error ? (
        <Box paddingLeft={2 + labelWidth}>
          <Text color={t.tone("bad")}>{`${t.sym.bad} ${error}`}</Text>
        </Box>
      ) : null}
    </Box>
  );
}

/** A value with the cursor drawn as an inverse cell (after the end: an inverse space); masked if asked. */
export function LineText({ value, cursor, mask }: { value: string; cursor: number | undefined; mask?: string }) {
  const chars = Array.from(value).map((c) => (mask ? mask : c));
  if (cursor === undefined) return <Text>{chars.join("")}</Text>;
  const at = Math.min(cursor, chars.length);
  return (
    <Text>
      {chars.slice(0, at).join("")}
      <Text inverse>{chars[at] ?? " "}</Text>
      {chars.slice(at + 1).join("")}
    </Text>
  );
}
