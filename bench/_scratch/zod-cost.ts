import { workerMessageSchema } from '../../src/shared/worker-messages';
const msg = { type: 'sync', id: 12, request: { op: 'acquire', name: 'l1', block: true, timeout: -1 } };
const rel = { type: 'sync', id: 13, request: { op: 'release', name: 'l1' } };
for (let i = 0; i < 20000; i++) { workerMessageSchema.safeParse(msg); workerMessageSchema.safeParse(rel); }
const n = 200000; const t = performance.now();
for (let i = 0; i < n; i++) { workerMessageSchema.safeParse(i % 2 ? msg : rel); }
console.log('zod parse us/op', ((performance.now() - t) * 1000) / n);
const t2 = performance.now();
for (let i = 0; i < n; i++) { JSON.parse(JSON.stringify(msg)); }
console.log('json roundtrip us/op', ((performance.now() - t2) * 1000) / n);
