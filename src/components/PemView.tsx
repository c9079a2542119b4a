// Shows a PEM on screen so the admin can select it with the mouse; c copies it with OSC 52, Esc closes.
import { Box, Text } from "ink";
import { useTheme } from "./Theme.js";
import { useKeyStream } from "./use-key-stream.js";

export interface PemViewProps {
  title: string;
  pem: string;
  onCopy: () => void;
  onClose: () => void;
}

export function PemView({ title, pem, onCopy, onClose }: PemViewProps) {
  const t = useTheme();
  useKeyStream((k) => {
    if (k.name === "escape" || k.name === "enter" || k.name === "q") onClose();
    else if (k.name === "c" && !k.ctrl && !k.alt) onCopy();
  });
  return (
    <Box flexDirection="column" flexShrink={0}>
      <Text bold>{title}</Text>
      <Text>{pem.trimEnd()}</Text>
      <Text color={t.tone("muted")}>c copy to your clipboard (OSC 52) · Esc close</Text>
    </Box>
  );
}
