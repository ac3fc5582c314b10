import { runSyncBench } from './sync.bench';
void runSyncBench().then((r) => { console.log(r['lock.thread.raw_us'], r['lock.thread.lab_us'], r['lock.thread.ratio'], '|', r['lock.contended.raw_us'], r['lock.contended.lab_us'], r['lock.contended.ratio'], '|', r['observe.throughput_ratio'], r['lock.process.ratio']); process.exit(0); });
