import { parentPort, workerData } from 'node:worker_threads';

import { inspectPdf } from './pdf-inspection.js';

// The upload arrives as shared memory: inspected in place, not copied.
const { shared, length } = workerData as { shared: SharedArrayBuffer; length: number };
const verdict = await inspectPdf(Buffer.from(shared, 0, length));
parentPort!.postMessage(verdict);
