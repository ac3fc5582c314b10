import { memo, useEffect, useRef } from 'react';
import { useRowWindow } from '../hooks/use-row-window';
import type { TreeLine } from '../model/tree-rows';
import { sameSelection, type Selection } from '../model/selection';
import { ProcessLine } from './ProcessLine';
import { RowSpacer } from './RowSpacer';
import { RuntimeThreadsLine } from './RuntimeThreadsLine';
import { ThreadLine } from './ThreadLine';

interface ProcessTreeProps {
  readonly lines: readonly TreeLine[];
  readonly selection: Selection | null;
  onSelect(selection: Selection): void;
  onToggle(key: string): void;
  onToggleRuntime(key: string): void;
}

/**
 * The PID/PPID tree, host at the root, threads inside their process. Memoised: drawn again only when its
 * lines or the selection change (the lines are rebuilt only when the processes or workers do), and then
 * only the lines in view: 250 workers' lines repainted on every sample cost frames.
 */
export const ProcessTree = memo(function ProcessTree({ lines, selection, onSelect, onToggle, onToggleRuntime }: ProcessTreeProps) {
  const body = useRef<HTMLTableSectionElement>(null);
  const { window, scrollToRow } = useRowWindow(body, lines.length);
  useEffect(() => {
    // The selected line may not be drawn (moved to by the arrow keys): brought into view by its index.
    const index = selection === null ? -1 : lines.findIndex((line) => line.type !== 'runtime' && line.selection !== null && sameSelection(line.selection, selection));
    if (index >= 0) scrollToRow(index);
  }, [selection]); // eslint-disable-line react-hooks/exhaustive-deps -- on a new selection only, not as lines come and go
  return (
    <table className="grid tree-grid">
      <colgroup>
        <col />
        <col className="col-pid" />
        <col className="col-pid" />
        <col className="col-state" />
        <col className="col-cpu" />
        <col className="col-rss" />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col" className="num">
            PID
          </th>
          <th scope="col" className="num">
            PPID
          </th>
          <th scope="col">State</th>
          <th scope="col" className="num">
            CPU
          </th>
          <th scope="col" className="num">
            RSS
          </th>
        </tr>
      </thead>
      <tbody ref={body}>
        <RowSpacer height={window.above} columns={6} />
        {lines.slice(window.first, window.end).map((line) => {
          switch (line.type) {
            case 'process':
              return (
                <ProcessLine
                  key={line.key}
                  line={line}
                  selected={sameSelection(line.selection, selection)}
                  onSelect={() => onSelect(line.selection)}
                  onToggle={() => onToggle(line.key)}
                  onToggleRuntime={() => onToggleRuntime(line.key)}
                />
              );
            case 'thread':
              return (
                <ThreadLine
                  key={line.key}
                  line={line}
                  selected={line.selection !== null && sameSelection(line.selection, selection)}
                  onSelect={() => line.selection !== null && onSelect(line.selection)}
                />
              );
            case 'runtime':
              return <RuntimeThreadsLine key={line.key} line={line} onToggle={() => onToggleRuntime(line.process.key)} />;
          }
        })}
        <RowSpacer height={window.below} columns={6} />
      </tbody>
    </table>
  );
});
