import type { TreeLine } from '../model/tree-rows';

type RuntimeTreeLine = Extract<TreeLine, { type: 'runtime' }>;

const INDENT_PX = 20;

/** The fold of a process's own runtime threads (V8, libuv, GC...), which are not lab workers. */
export function RuntimeThreadsLine({ line, onToggle }: { line: RuntimeTreeLine; onToggle(): void }) {
  return (
    <tr className="line line-runtime">
      <td className="name-cell" colSpan={6}>
        <span className="name-inner" style={{ paddingLeft: line.depth * INDENT_PX }}>
          <span className="fold-space" aria-hidden="true" />
          <button type="button" className="link-button" aria-expanded={line.shown} onClick={onToggle}>
            {line.shown ? `− hide ${line.count} runtime threads` : `+${line.count} runtime threads`}
          </button>
          <span className="dim">of pid {line.process.pid}</span>
        </span>
      </td>
    </tr>
  );
}
