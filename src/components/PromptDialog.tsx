// Asks for one value (a path, a password): Enter submits, Esc cancels. `validate` runs on Enter and its
// message is shown under the field; a masked prompt never shows what was typed.
import { Box, Text, useInput } from "ink";
import TextInput from "ink-text-input";
import { useState, type ReactNode } from "react";
import { Dialog } from "./Dialog.js";
import { useTheme } from "./Theme.js";

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
  useInput((_input, key) => {
    if (key.escape) onCancel();
  });
  const submit = (v: string) => {
    const ok = validate ? validate(v) : true;
    if (ok !== true) {
      setMessage(ok);
      return;
    }
    setMessage(undefined);
    onSubmit(v);
  };
  const shown = message ?? error;
  return (
    <Dialog title={title} footer="Enter OK · Esc cancel" width={width}>
      {children ? <Box flexDirection="column" marginBottom={1}>{children}</Box> : null}
      <Box>
        <Text bold>{`${label}: `}</Text>
        <TextInput
          value={value}
          focus
          mask={masked ? "*" : undefined}
          onChange={(v) => {
            setValue(v);
            setMessage(undefined);
          }}
          onSubmit={submit}
          showCursor
        />
      </Box>
      {shown ? <Text color={t.tone("bad")}>{`${t.sym.bad} ${shown}`}</Text> : null}
    </Dialog>
  );
}
