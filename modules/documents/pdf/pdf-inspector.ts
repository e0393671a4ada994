import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';

import type { PdfVerdict } from './pdf-inspection.js';

/** A real document is read in well under a second (20 MB: ~0.3 s); a file needing more is refused. */
const TIMEOUT_MS = 10_000;
/** A parse that needs more than this is refused rather than allowed to grow. */
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
 * Runs the PDF inspection in worker threads with their own memory limit and a deadline, at most
 * two at a time: parsing a hostile 20 MB file costs neither the server's heap nor its event loop.
 * Workers are kept for the next upload; one that fails, runs out of memory or overruns is ended.
 */
@Injectable()
export class PdfInspector implements OnModuleDestroy {
  /** How many files are inspected at the same time (the upload queue lets this many run). */
  static readonly PARALLEL = PARALLEL;
  private readonly logger = new Logger(PdfInspector.name);
  private readonly source = workerSource();
  private readonly idle: Worker[] = [];
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  async inspect(shared: SharedArrayBuffer, length: number): Promise<PdfVerdict> {
    if (this.running >= PARALLEL) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await this.run(this.idle.pop() ?? this.spawn(), shared, length);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((w) => w.terminate()));
  }

  private spawn(): Worker {
    const options = { resourceLimits: { maxOldGenerationSizeMb: MEMORY_MB, maxYoungGenerationSizeMb: 32 } };
    const worker = this.source.viaTsx
      ? new Worker(
          `import(${JSON.stringify(this.source.viaTsx)}).then(({ register }) => { register(); return import(${JSON.stringify(this.source.url.href)}); })`,
          { ...options, eval: true },
        )
      : new Worker(this.source.url, options);
    // An idle worker must not keep the process alive.
    worker.unref();
    return worker;
  }

  private run(worker: Worker, shared: SharedArrayBuffer, length: number): Promise<PdfVerdict> {
    worker.ref();
    return new Promise<PdfVerdict>((resolve) => {
      const settle = (verdict: PdfVerdict, healthy: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (healthy) {
          worker.unref();
          this.idle.push(worker);
        } else void worker.terminate();
        resolve(verdict);
      };
      const onMessage = (verdict: PdfVerdict) => settle(verdict, true);
      // Out of memory, or the parser crashed on the file: not a document we can vouch for.
      const onError = (error: Error) => {
        this.logger.warn({ err: error.message }, 'PDF inspection stopped');
        settle({ ok: false, reason: 'too-complex' }, false);
      };
      const onExit = () => settle({ ok: false, reason: 'damaged' }, false);
      const timer = setTimeout(() => settle({ ok: false, reason: 'too-complex' }, false), TIMEOUT_MS);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage({ shared, length });
    });
  }
}
