import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import { Injectable, Logger } from '@nestjs/common';

import type { PdfVerdict } from './pdf-inspection.js';

const TIMEOUT_MS = 30_000;
/** A parse that needs more than this is refused rather than allowed to grow (e.g. a zip bomb). */
const MEMORY_MB = 384;
const PARALLEL = 2;

/** Where the worker's code is: the compiled file, or (tests, development) the TypeScript source. */
function workerSource(): { url: URL; viaTsx?: string } {
  const compiled = new URL('./pdf-inspection.worker.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return { url: compiled };
  const source = new URL('./pdf-inspection.worker.ts', import.meta.url);
  // tsx's ESM entry (a development dependency), which registers its loader inside the worker.
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const entry = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!.import.default;
  return { url: source, viaTsx: pathToFileURL(join(dirname(manifest), entry)).href };
}

/**
 * Runs the PDF inspection in a worker thread with its own memory limit and a deadline, a few at a
 * time: parsing a hostile 20 MB file costs neither the server's heap nor its event loop.
 */
@Injectable()
export class PdfInspector {
  private readonly logger = new Logger(PdfInspector.name);
  private readonly source = workerSource();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  async inspect(shared: SharedArrayBuffer, length: number): Promise<PdfVerdict> {
    if (this.running >= PARALLEL) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await this.run(shared, length);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private run(shared: SharedArrayBuffer, length: number): Promise<PdfVerdict> {
    const options = { workerData: { shared, length }, resourceLimits: { maxOldGenerationSizeMb: MEMORY_MB, maxYoungGenerationSizeMb: 32 } };
    const worker = this.source.viaTsx
      ? new Worker(
          `import(${JSON.stringify(this.source.viaTsx)}).then(({ register }) => { register(); return import(${JSON.stringify(this.source.url.href)}); })`,
          { ...options, eval: true },
        )
      : new Worker(this.source.url, options);
    return new Promise<PdfVerdict>((resolve) => {
      let settled = false;
      const settle = (verdict: PdfVerdict) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        resolve(verdict);
      };
      const timer = setTimeout(() => settle({ ok: false, reason: 'too-complex' }), TIMEOUT_MS);
      worker.once('message', (verdict: PdfVerdict) => settle(verdict));
      // Out of memory, or the parser crashed on the file: not a document we can vouch for.
      worker.once('error', (error) => {
        this.logger.warn({ err: error.message }, 'PDF inspection stopped');
        settle({ ok: false, reason: 'too-complex' });
      });
      worker.once('exit', () => settle({ ok: false, reason: 'damaged' }));
    });
  }
}
