/** The height of the rows a windowed table does not draw (hooks/use-row-window.ts), so its scroll bar is the whole table's. */
export function RowSpacer({ height, columns }: { height: number; columns: number }) {
  if (height <= 0) return null;
  return (
    <tr className="row-spacer" aria-hidden="true">
      <td colSpan={columns} style={{ height }} />
    </tr>
  );
}
