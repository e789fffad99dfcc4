import { useCallback, useEffect, useRef, useState } from 'react';

/** How long after the last keystroke someone stops counting as typing. */
const IDLE_MS = 3_000;

/**
 * Whether this tab's person is typing: `typed()` on every keystroke (typing until `IDLE_MS`
 * pass without one), `stopped()` when the message is sent or the box is emptied.
 */
export function useTyping(): { typing: boolean; typed(): void; stopped(): void } {
  const [typing, setTyping] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const stopped = useCallback(() => {
    clearTimeout(timer.current);
    setTyping(false);
  }, []);
  const typed = useCallback(() => {
    clearTimeout(timer.current);
    setTyping(true);
    timer.current = setTimeout(() => setTyping(false), IDLE_MS);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);
  return { typing, typed, stopped };
}
