import { Badge } from './Badge';

/** What the colours and badges mean, shown while nothing is selected: the room reads it once. */
export function BadgeLegend() {
  return (
    <div className="legend" aria-label="Legend">
      <h3>How to read the tree</h3>
      <dl>
        <div>
          <dt>
            <Badge tone="fork">fork</Badge>
          </dt>
          <dd>a Node child with an IPC channel</dd>
        </div>
        <div>
          <dt>
            <Badge tone="spawn">spawn</Badge> <Badge tone="exec">exec</Badge>
          </dt>
          <dd>stdio pipes only; exec via a shell</dd>
        </div>
        <div>
          <dt>
            <Badge tone="command">command</Badge>
          </dt>
          <dd>any command line</dd>
        </div>
        <div>
          <dt>
            <Badge tone="thread">thread</Badge>
          </dt>
          <dd>a thread inside the lab process</dd>
        </div>
        <div>
          <dt>
            <Badge tone="daemon">daemon</Badge>
          </dt>
          <dd>ends with its parent</dd>
        </div>
        <div>
          <dt>
            <Badge tone="detached">detached</Badge>
          </dt>
          <dd>its own session: survives the lab</dd>
        </div>
        <div>
          <dt>
            <Badge tone="orphan">orphan</Badge>
          </dt>
          <dd>its parent died; init adopted it</dd>
        </div>
        <div>
          <dt>
            <Badge tone="waits">waits lockB</Badge>
          </dt>
          <dd>blocked on a primitive (see Sync)</dd>
        </div>
        <div>
          <dt>exit codes</dt>
          <dd className="mono">
            <span className="exit-ok">0</span> ok · <span className="exit-error">&gt;0</span> error · <span className="exit-signal">-N</span> killed by signal N
          </dd>
        </div>
      </dl>
    </div>
  );
}
