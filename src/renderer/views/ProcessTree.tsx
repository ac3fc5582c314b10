import { memo, useEffect, useRef } from 'react';
import type { TreeLine } from '../model/tree-rows';
import { sameSelection, type Selection } from '../model/selection';
import { ProcessLine } from './ProcessLine';
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
 * lines or the selection change (the lines are rebuilt only when the processes or workers do).
 */
export const ProcessTree = memo(function ProcessTree({ lines, selection, onSelect, onToggle, onToggleRuntime }: ProcessTreeProps) {
  const body = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    body.current?.querySelector('tr[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selection]);
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
        {lines.map((line) => {
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
      </tbody>
    </table>
  );
});
