import { useCallback, useEffect, useRef, useState } from 'react';

export interface Toast {
  readonly id: number;
  readonly title: string;
  readonly message: string;
}

const TOAST_MS = 8000;

/** A list of error toasts; each goes away when dismissed or after eight seconds. */
export function useToasts(): { toasts: readonly Toast[]; push(title: string, message: string): void; dismiss(id: number): void } {
  const [toasts, setToasts] = useState<readonly Toast[]>([]);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  const count = useRef(0);

  const dismiss = useCallback((id: number) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setToasts((all) => all.filter((toast) => toast.id !== id));
  }, []);

  const push = useCallback(
    (title: string, message: string) => {
      const id = ++count.current;
      setToasts((all) => [...all, { id, title, message }]);
      timers.current.set(
        id,
        setTimeout(() => dismiss(id), TOAST_MS),
      );
    },
    [dismiss],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => clearTimeout(timer));
  }, []);

  return { toasts, push, dismiss };
}
