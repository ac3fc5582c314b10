import { LabSync } from '../../src/worker/sync-client';
const [n, warm] = [Number(process.argv[2]), Number(process.argv[3])];
const sync = new LabSync({ send: (m) => process.send!(m, undefined, undefined, () => undefined), onMessage: (h) => process.on('message', h as never) });
const lock = sync.lock('l');
async function pairs(k: number) { for (let i = 0; i < k; i++) { if (lock.acquireNow() !== true) await lock.acquire(); if (!lock.releaseNow()) await lock.release(); } }
void (async () => { await pairs(warm); const t = performance.now(); await pairs(n); process.send!({ type: 'done', ms: performance.now() - t }); process.disconnect(); })();
