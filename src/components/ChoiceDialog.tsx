// A question with a few answers, each on its own key (y/n, s/q…); ←/→ or Tab move the highlight, Enter picks
// it, Esc cancels. The highlight starts on `initial` (the safe answer for destructive questions).
import { Box, Text } from "ink";
import { useRef, useState, type ReactNode } from "react";
import { Dialog } from "./Dialog.js";
import { useTheme } from "./Theme.js";
import { useKeyStream } from "./use-key-stream.js";

export interface Choice<V extends string> {
  key: string;
  label: string;
  value: V;
}

export interface ChoiceDialogProps<V extends string> {
  title: string;
  children?: ReactNode;
  choices: Choice<V>[];
  initial?: number;
  onChoose: (value: V) => void;
  onCancel: () => void;
  width?: number;
}

export function ChoiceDialog<V extends string>({ title, children, choices, initial = 0, onChoose, onCancel, width }: ChoiceDialogProps<V>) {
  const t = useTheme();
  const [index, setIndex] = useState(initial);
  // the highlight as of the last key (the render may lag behind a burst)
  const at = useRef(initial);
  const move = (step: number) => {
    at.current = (at.current + step + choices.length) % choices.length;
    setIndex(at.current);
  };
  useKeyStream((k) => {
    if (k.name === "escape") return onCancel();
    if (k.name === "enter") return onChoose(choices[at.current]!.value);
    if (k.name === "left" || (k.name === "tab" && k.shift)) return move(-1);
    if (k.name === "right" || k.name === "tab") return move(1);
    if (k.ctrl || k.alt) return;
    const hit = choices.find((c) => c.key === k.name.toLowerCase());
    if (hit) onChoose(hit.value);
  });
  return (
    <Dialog title={title} footer="←/→ choose · Enter OK · Esc cancel" width={width}>
      {children}
      <Box marginTop={children ? 1 : 0} gap={2} flexWrap="wrap">
        {choices.map((c, i) => (
          <Text key={c.value}>
            <Text color={t.tone("accent")}>{i === index ? t.sym.pointer : " "}</Text>
            <Text inverse={i === index && t.color} bold={i === index}>{`[${c.key}] ${c.label}`}</Text>
          </Text>
        ))}
      </Box>
    </Dialog>
  );
}
