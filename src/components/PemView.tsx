// Shows a PEM on screen so the admin can select it with the mouse; c copies it with OSC 52, Esc closes.
import { Box, Text, useInput } from "ink";
import { useTheme } from "./Theme.js";

export interface PemViewProps {
  title: string;
  pem: string;
  onCopy: () => void;
  onClose: () => void;
}

export function PemView({ title, pem, onCopy, onClose }: PemViewProps) {
  const t = useTheme();
  useInput((input, key) => {
    if (key.escape || key.return || input === "q") onClose();
    else if (input === "c") onCopy();
  });
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Text bold>{title}</Text>
      <Text>{pem.trimEnd()}</Text>
      <Text color={t.tone("muted")}>c copy to your clipboard (OSC 52) · Esc close</Text>
    </Box>
  );
}
