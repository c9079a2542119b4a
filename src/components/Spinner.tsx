// A small activity indicator; ASCII frames on a dumb terminal.
import { Text } from "ink";
import { useEffect, useState } from "react";
import { useTheme } from "./Theme.js";

const UNICODE = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const ASCII = ["|", "/", "-", "\\"];

export function Spinner({ label }: { label: string }) {
  const t = useTheme();
  const frames = t.ascii ? ASCII : UNICODE;
  const [i, setI] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setI((n) => (n + 1) % frames.length), 100);
    return () => clearInterval(timer);
  }, [frames.length]);
  return (
    <Text>
      <Text color={t.tone("accent")}>{frames[i % frames.length]}</Text>
      {` ${label}`}
    </Text>
  );
}
