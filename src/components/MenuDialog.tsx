// A short vertical menu (↑/↓ or j/k, 1–9 picks directly, Enter; Esc cancels). Keys come as a stream, so
// "↓↓⏎" in one read moves twice and picks.
import { Box, Text } from "ink";
import { useRef, useState, type ReactNode } from "react";
import { Dialog } from "./Dialog.js";
import { useTheme } from "./Theme.js";
import { useKeyStream } from "./use-key-stream.js";

export interface MenuItem<V extends string> {
  label: string;
  value: V;
}

export interface MenuDialogProps<V extends string> {
  title: string;
  items: MenuItem<V>[];
  onSelect: (value: V) => void;
  onCancel: () => void;
  children?: ReactNode;
  width?: number;
}

export function MenuDialog<V extends string>({ title, items, onSelect, onCancel, children, width }: MenuDialogProps<V>) {
  const t = useTheme();
  const [index, setIndex] = useState(0);
  // the highlight as of the last key (the render may lag behind a burst)
  const at = useRef(0);
  const highlight = (i: number) => {
    at.current = (i + items.length) % items.length;
    setIndex(at.current);
  };
  useKeyStream((k) => {
    if (k.name === "escape") return onCancel();
    if (k.name === "up" || k.name === "k") return highlight(at.current - 1);
    if (k.name === "down" || k.name === "j") return highlight(at.current + 1);
    if (k.name === "enter") return onSelect(items[at.current]!.value);
    if (/^[1-9]$/.test(k.name) && Number(k.name) <= items.length) onSelect(items[Number(k.name) - 1]!.value);
  });
  return (
    <Dialog title={title} footer="↑/↓ choose · Enter OK · Esc cancel" width={width}>
      {children ? <Box marginBottom={1} flexDirection="column">{children}</Box> : null}
      <Box flexDirection="column">
        {items.map((item, i) => (
          <Box key={item.value}>
            <Text color={t.tone("accent")}>{i === index ? `${t.sym.pointer} ` : "  "}</Text>
            <Text bold={i === index} inverse={i === index && t.color}>
              {item.label}
            </Text>
          </Box>
        ))}
      </Box>
    </Dialog>
  );
}
