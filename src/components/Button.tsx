// A push button: "[Label]", with a pointer in front when focused (visible without colour).
import { Text } from "ink";
import { useTheme } from "./Theme.js";

export interface ButtonProps {
  label: string;
  focused: boolean;
  disabled?: boolean;
}

export function Button({ label, focused, disabled }: ButtonProps) {
  const t = useTheme();
  return (
    <Text>
      <Text color={t.tone("accent")}>{focused ? t.sym.pointer : " "}</Text>
      <Text inverse={focused && t.color} dimColor={disabled} bold={focused}>{`[${label}]`}</Text>
    </Text>
  );
}
