import { useEffect, useRef, type ReactNode } from 'react';

interface DialogProps {
  readonly label: string;
  readonly className?: string;
  readonly children: ReactNode;
  onClose(): void;
}

/**
 * A modal `<dialog>`: the browser moves focus in, makes the page behind inert, and turns Escape into a
 * `cancel` event, which closes it. A click on the backdrop closes it too.
 */
export function Dialog({ label, className, children, onClose }: DialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className={className === undefined ? 'dialog' : `dialog ${className}`}
      aria-label={label}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onMouseDown={(event) => event.target === event.currentTarget && onClose()}
    >
      <div className="dialog-inner">{children}</div>
    </dialog>
  );
}
