// A question with a few answers, each on its own key (y/n, s/q…); ←/→ or Tab move the highlight, Enter picks
// it, Esc cancels. The highlight starts on `initial` (the safe answer for destructive questions).
import { Box, Text, useInput } from "ink";
import { useState, type ReactNode } from "react";
import { Dialog } from "./Dialog.js";
import { useTheme } from "./Theme.js";

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
  useInput((input, key) => {
    if (key.escape) return onCancel();
    if (key.return) return onChoose(choices[index]!.value);
    if (key.leftArrow || (key.tab && key.shift)) return setIndex((i) => (i - 1 + choices.length) % choices.length);
    if (key.rightArrow || key.tab) return setIndex((i) => (i + 1) % choices.length);
    const hit = choices.find((c) => c.key === input.toLowerCase());
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
