// Ink subscribes input handlers in an effect, so a key arriving before the effect re-runs sees the previous
// render's closure. Handlers read state through this ref instead, which is updated during render.
import { useRef } from "react";

export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  // eslint-disable-next-line react-hooks/refs -- deliberate (above): an effect would update it too late
  ref.current = value;
  return ref;
}
