import { parentPort } from 'node:worker_threads';

import { inspectPdf } from './pdf-inspection.js';

// Each upload arrives as shared memory: inspected in place, not copied. The rebuilt file goes
// back by transfer, not by copy.
parentPort!.on('message', (job: { shared: SharedArrayBuffer; length: number }) => {
  void inspectPdf(new Uint8Array(job.shared, 0, job.length)).then((verdict) =>
    parentPort!.postMessage(verdict, verdict.ok ? [verdict.rebuilt.buffer as ArrayBuffer] : []),
  );
});
