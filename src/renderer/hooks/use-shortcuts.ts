import { useEffect, useRef } from 'react';

export type ShortcutKey = '/' | 't' | 's' | 'p' | 'e' | 'j' | 'k' | 'Delete' | ' ' | '?' | 'ArrowUp' | 'ArrowDown' | 'Escape';
export type Shortcuts = Readonly<Record<ShortcutKey, () => void>>;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA';
}

/**
 * The main window's keys. They do nothing while a person types in a field or while a dialog is open, so
 * typing "t" in the search box never flips the view and Space in a dialog never pauses it. Presentation mode
 * has keys of its own (Space, B, Esc) and turns the window's off while it is on.
 */
export function useShortcuts<Key extends string = ShortcutKey>(shortcuts: Readonly<Record<Key, () => void>>, enabled: boolean): void {
  const latest = useRef(shortcuts);
  useEffect(() => {
    latest.current = shortcuts;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (!(event.key in latest.current)) return;
      // Space on a focused button would also click it; the shortcut wins.
      event.preventDefault();
      latest.current[event.key as Key]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
