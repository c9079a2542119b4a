// Asks for one value (a path, a password): Enter submits, Esc cancels. `validate` runs on Enter and its
// message is shown under the field; a masked prompt never shows what was typed.
import { Box, Text } from "ink";
import { useState, type ReactNode } from "react";
import { Dialog } from "./Dialog.js";
import { LineText } from "./TextField.js";
import { useTheme } from "./Theme.js";
import { useKeyStream } from "./use-key-stream.js";
import { useLineEdit } from "./use-line-edit.js";

export interface PromptDialogProps {
  title: string;
  label: string;
  initialValue?: string;
  masked?: boolean;
  /** `true` to accept, or a message to show */
  validate?: (value: string) => true | string;
  onSubmit: (value: string) => void;
  onCancel: () => void;
  /** text above the field */
  children?: ReactNode;
  /** a message from outside (e.g. the previous attempt failed) */
  error?: string;
  width?: number;
}

export function PromptDialog({ title, label, initialValue = "", masked, validate, onSubmit, onCancel, children, error, width }: PromptDialogProps) {
  const t = useTheme();
  const [value, setValue] = useState(initialValue);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const submit = (v: string) => {
    const ok = validate ? validate(v) : true;
    if (ok !== true) {
      setMessage(ok);
      return;
    }
    setMessage(undefined);
    onSubmit(v);
  };
  const editor = useLineEdit(value, (v) => {
    setValue(v);
    setMessage(undefined);
  });
  // Each key of a burst in order: "path⏎" in one read submits the whole path.
  useKeyStream((k) => {
    if (editor.handle(k)) return;
    if (k.name === "escape") onCancel();
    else if (k.name === "enter" && !k.alt) submit(editor.current().value);
  });
  const shown = message ?? error;
  return (
    <Dialog title={title} footer="Enter OK · Esc cancel" width={width}>
      {children ? <Box flexDirection="column" marginBottom={1}>{children}</Box> : null}
      <Box>
        {/* the label keeps its width (and its space) when a long path wraps beside it */}
        <Box flexShrink={0}>
          <Text bold>{`${label}: `}</Text>
        </Box>
        <LineText value={value} cursor={editor.current().cursor} mask={masked ? "*" : undefined} />
      </Box>
      {shown ? <Text color={t.tone("bad")}>{`${t.sym.bad} ${shown}`}</Text> : null}
    </Dialog>
  );
}
