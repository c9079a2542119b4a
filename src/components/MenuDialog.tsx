// A short vertical menu (↑/↓, Enter; Esc cancels), built on ink-select-input.
import { Box, Text, useInput } from "ink";
import SelectInput from "ink-select-input";
import type { ReactNode } from "react";
import { Dialog } from "./Dialog.js";
import { useTheme } from "./Theme.js";

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
  useInput((_input, key) => {
    if (key.escape) onCancel();
  });
  return (
    <Dialog title={title} footer="↑/↓ choose · Enter OK · Esc cancel" width={width}>
      {children ? <Box marginBottom={1} flexDirection="column">{children}</Box> : null}
      <SelectInput
        items={items.map((i) => ({ key: i.value, label: i.label, value: i.value }))}
        onSelect={(item) => onSelect(item.value)}
        indicatorComponent={({ isSelected }) => <Text color={t.tone("accent")}>{isSelected ? `${t.sym.pointer} ` : "  "}</Text>}
        itemComponent={({ isSelected, label }) => <Text bold={isSelected} inverse={isSelected && t.color}>{label}</Text>}
      />
    </Dialog>
  );
}
