import { parentPort } from 'node:worker_threads';

import { inspectPdf } from './pdf-inspection.js';

// Each upload arrives as shared memory: inspected in place, not copied.
parentPort!.on('message', (job: { shared: SharedArrayBuffer; length: number }) => {
  void inspectPdf(Buffer.from(job.shared, 0, job.length)).then((verdict) => parentPort!.postMessage(verdict));
});
