// Colour and symbol choices in one place: with NO_COLOR or TERM=dumb no colour is used, and on a dumb
// terminal the symbols are ASCII. Meaning is always carried by a symbol or a word, never by colour alone.
import { createContext, useContext, type ReactNode } from "react";

export interface Symbols {
  ok: string;
  bad: string;
  warn: string;
  active: string;
  inactive: string;
  pointer: string;
  sep: string;
  unsaved: string;
  covered: string;
  skipped: string;
}

export const UNICODE_SYMBOLS: Symbols = {
  ok: "✓",
  bad: "✗",
  warn: "⚠",
  active: "●",
  inactive: "○",
  pointer: "›",
  sep: "·",
  unsaved: "●",
  covered: "✓",
  skipped: "–",
};

export const ASCII_SYMBOLS: Symbols = {
  ok: "+",
  bad: "x",
  warn: "!",
  active: "*",
  inactive: "-",
  pointer: ">",
  sep: "|",
  unsaved: "*",
  covered: "+",
  skipped: "-",
};

export type Tone = "ok" | "bad" | "warn" | "accent" | "muted";

const TONES: Record<Tone, string> = { ok: "green", bad: "red", warn: "yellow", accent: "cyan", muted: "gray" };

export interface Theme {
  color: boolean;
  ascii: boolean;
  sym: Symbols;
  /** a colour name for Ink's <Text color>, or undefined when colour is off */
  tone(t: Tone): string | undefined;
  border: "round" | "classic";
}

export function makeTheme(opts: { color: boolean; ascii: boolean }): Theme {
  return {
    color: opts.color,
    ascii: opts.ascii,
    sym: opts.ascii ? ASCII_SYMBOLS : UNICODE_SYMBOLS,
    tone: (t) => (opts.color ? TONES[t] : undefined),
    border: opts.ascii ? "classic" : "round",
  };
}

const ThemeContext = createContext<Theme>(makeTheme({ color: false, ascii: false }));

export function ThemeProvider({ theme, children }: { theme: Theme; children: ReactNode }) {
  return <ThemeContext.Provider value={theme}>{children}</ThemeContext.Provider>;
}

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
