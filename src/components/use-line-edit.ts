// The state of a one-line field, kept in a ref so that each key of a burst edits the value the key before it
// left (the rendered value can be several keys behind). The owner's value stays the truth for changes from
// outside (loading the settings, Register filling the IDs): such a value is taken with the cursor at its end.
import { useCallback, useLayoutEffect, useReducer, useRef } from "react";
import type { Key } from "./keys.js";
import { editLine, lineAtEnd, type LineState } from "./line-edit.js";

export interface LineEditor {
  /** value and cursor as of the last key (for the render and for the key after it) */
  current(): LineState;
  /** applies an editing key; false when it is not one (Enter, Tab, Esc…), for the caller */
  handle(key: Key): boolean;
}

export function useLineEdit(value: string, onChange: (value: string) => void): LineEditor {
  const state = useRef<LineState>(lineAtEnd(value));
  // the last value this editor reported; a different `value` came from outside
  const reported = useRef(value);
  const change = useRef(onChange);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  // eslint-disable-next-line react-hooks/refs -- an outside value replaces the edit state before this render shows it
  if (value !== reported.current) {
    // eslint-disable-next-line react-hooks/refs -- as above
    state.current = lineAtEnd(value);
    // eslint-disable-next-line react-hooks/refs -- as above
    reported.current = value;
  }
  useLayoutEffect(() => {
    change.current = onChange;
  });
  const handle = useCallback((key: Key) => {
    const step = editLine(state.current, key);
    if (!step.handled) return false;
    const before = state.current;
    state.current = step.state;
    if (step.state.value !== before.value) {
      reported.current = step.state.value;
      change.current(step.state.value);
    }
    // the cursor may have moved without the value changing: draw it
    rerender();
    return true;
  }, []);
  const current = useCallback(() => state.current, []);
  return { current, handle };
}
