// "?": every key of the dashboard, in two columns so it fits 80x24; any key closes it.
import { Box, Text } from "ink";
import { Dialog } from "./Dialog.js";
import { useKeyStream } from "./use-key-stream.js";

export interface HelpOverlayProps {
  sections: { title: string; keys: { key: string; label: string }[] }[];
  onClose: () => void;
  width?: number;
  /** one line after "any key closes this help" */
  note?: string;
}

export function HelpOverlay({ sections, onClose, width, note }: HelpOverlayProps) {
  useKeyStream(() => onClose());
  return (
    <Dialog title="Keys" footer={`any key closes this help${note ? ` · ${note}` : ""}`} width={width}>
      {sections.map((s, i) => {
        const half = Math.ceil(s.keys.length / 2);
        const columns = [s.keys.slice(0, half), s.keys.slice(half)];
        return (
          <Box key={s.title} flexDirection="column">
            {i > 0 ? <Text bold>{s.title}</Text> : null}
            <Box>
              {columns.map((col, c) => (
                <Box key={c} flexDirection="column" width="50%">
                  {col.map((k) => (
                    <Text key={`${k.key} ${k.label}`} wrap="truncate-end">{`${k.key.padEnd(10)}${k.label}`}</Text>
                  ))}
                </Box>
              ))}
            </Box>
          </Box>
        );
      })}
    </Dialog>
  );
}
