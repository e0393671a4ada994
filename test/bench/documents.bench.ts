import { randomBytes } from 'node:crypto';
import { open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, it } from 'vitest';

import { createCentre, type CentreFixture, login } from '../factories/centres.js';
import { assign, client, counsellor, enquiry, type Person } from '../factories/mail.js';
import { slowToParse } from '../factories/hostile-pdfs.js';
import { buildPdf, pageObjects } from '../factories/pdfs.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { runClient } from './processes.js';
import { median, printTable } from './report.js';

const MB = 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** A 20 MB PDF: one page and a large stream, as scans and photographed letters are. */
function twentyMegabytePdf(): Buffer {
  const small = buildPdf(pageObjects('Bescheid'));
  const payload = randomBytes(20 * MB - small.length - 200);
  const objects: Record<number, string | Buffer> = {
    ...pageObjects('Bescheid'),
    6: Buffer.concat([Buffer.from(`<< /Length ${payload.length} >>\nstream\n`, 'latin1'), payload, Buffer.from('\nendstream', 'latin1')]),
  };
  return buildPdf(objects);
}

/** Samples the process's memory while `work` runs; returns its result and the peak over the start. */
async function withPeakMemory<T>(work: () => Promise<T>): Promise<{ result: T; peakRss: number; peakBuffers: number }> {
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakBuffers = start.arrayBuffers;
  const timer = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakBuffers = Math.max(peakBuffers, now.arrayBuffers);
  }, 2);
  try {
    const result = await work();
    return { result, peakRss: peakRss - start.rss, peakBuffers: peakBuffers - start.arrayBuffers };
  } finally {
    clearInterval(timer);
  }
}

describe('document upload benchmark', () => {
  let t: TestApp;
  let centre: CentreFixture;
  let klara: Person;
  let caseId: string;
  let pdf: Buffer;
  let pdfPath: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'silent' } });
    centre = await createCentre(t, { modules: ['mail', 'documents'] });
    const admin = await login(t, centre.slug, centre.admin.email, centre.admin.password);
    const anna = await counsellor(t, centre);
    klara = await client(t, centre);
    caseId = await enquiry(centre, klara);
    await assign(centre, admin, caseId, anna.id);
    pdf = twentyMegabytePdf();
    pdfPath = join(t.config.varDir, 'bench-upload.pdf');
    await writeFile(pdfPath, pdf);
  });
  afterAll(() => t?.close());

  it('upload + inspect + seal + store of a 20 MB PDF vs a raw disk write, with peak memory', async () => {
    // Baseline: the same bytes written to the same file system and synced, in this process.
    const raw = await withPeakMemory(async () => {
      const seconds: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const path = join(t.config.varDir, `raw-${i}.bin`);
        const t0 = process.hrtime.bigint();
        await writeFile(path, pdf);
        const handle = await open(path, 'r');
        await handle.sync();
        await handle.close();
        seconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
        await rm(path);
      }
      return seconds;
    });

    const client = klara.client;
    const spec = {
      url: `${t.baseUrl}/api/v1/centres/${centre.slug}/cases/${caseId}/documents`,
      headers: {
        'content-type': 'application/pdf',
        'x-file-name': 'Bescheid.pdf',
        cookie: `beradig=${client.cookie('beradig')}`,
        'x-csrf-token': client.csrfToken ?? (await client.refreshCsrf()),
      },
      file: pdfPath,
    };
    // One warm-up upload starts the inspection worker, as a running server has.
    await runClient('upload-load.mjs', { ...spec, count: 1 });
    const ours = await withPeakMemory(() => runClient<{ seconds: number[]; statuses: number[] }>('upload-load.mjs', { ...spec, count: ROUNDS }));
    if (ours.result.statuses.some((s) => s !== 201)) throw new Error(`uploads failed: ${ours.result.statuses.join(',')}`);

    const size = pdf.length / MB;
    const rawRate = size / median(raw.result);
    const ourRate = size / median(ours.result.seconds);
    const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
    printTable(
      `Upload of a ${size.toFixed(1)} MB PDF, median of ${ROUNDS}; peak memory of the server process over its level before ` +
        '(includes the inspection worker and transient chunks not yet collected; one whole copy of the file is held)',
      [
      { variant: 'raw writeFile + fsync (same process, same disk)', 'MB/s': rawRate.toFixed(0), 's per file': median(raw.result).toFixed(3), 'peak RSS +': mb(raw.peakRss), 'peak buffers +': mb(raw.peakBuffers), ratio: '1.00' },
      {
        variant: 'BeraDIG: HTTP upload, PDF inspection (worker), seal in chunks, store',
        'MB/s': ourRate.toFixed(0),
        's per file': median(ours.result.seconds).toFixed(3),
        'peak RSS +': mb(ours.peakRss),
        'peak buffers +': mb(ours.peakBuffers),
        ratio: (ourRate / rawRate).toFixed(2),
      },
      ],
    );
  });

  it('a normal upload while four hostile uploads of another centre run, vs the same upload on an idle server', async () => {
    const other = await createCentre(t, { modules: ['mail', 'documents'] });
    const otherAdmin = await login(t, other.slug, other.admin.email, other.admin.password);
    const mallory = await client(t, other);
    const mallorysCase = await enquiry(other, mallory);
    await assign(other, otherAdmin, mallorysCase, (await counsellor(t, other)).id);
    const hostile = slowToParse(18);
    const hostilePath = join(t.config.varDir, 'bench-hostile.pdf');
    await writeFile(hostilePath, hostile);
    const normalPath = join(t.config.varDir, 'bench-normal.pdf');
    await writeFile(normalPath, buildPdf(pageObjects('Elternbrief')));
    const specFor = async (person: Person, slug: string, caseId: string, file: string) => ({
      url: `${t.baseUrl}/api/v1/centres/${slug}/cases/${caseId}/documents`,
      headers: {
        'content-type': 'application/pdf',
        'x-file-name': 'Brief.pdf',
        cookie: `beradig=${person.client.cookie('beradig')}`,
        'x-csrf-token': person.client.csrfToken ?? (await person.client.refreshCsrf()),
      },
      file,
    });
    const normal = await specFor(klara, centre.slug, caseId, normalPath);
    const attack = await specFor(mallory, other.slug, mallorysCase, hostilePath);

    const idle: number[] = [];
    for (let i = 0; i < ROUNDS; i++) idle.push((await runClient<{ seconds: number[] }>('upload-load.mjs', { ...normal, count: 1 })).seconds[0]!);
    const loaded: number[] = [];
    const hostileStatuses: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      // Four hostile uploads at once (each in its own process), then the normal one among them.
      const attacks = Array.from({ length: 4 }, () => runClient<{ seconds: number[]; statuses: number[] }>('upload-load.mjs', { ...attack, count: 1 }));
      await new Promise((r) => setTimeout(r, 1_000));
      loaded.push((await runClient<{ seconds: number[] }>('upload-load.mjs', { ...normal, count: 1 })).seconds[0]!);
      for (const done of await Promise.all(attacks)) hostileStatuses.push(...done.statuses);
    }
    printTable(
      `A one-page upload while 4 hostile uploads (${(hostile.length / MB).toFixed(0)} MB each, slow to parse) of another centre run; median of ${ROUNDS} (goal: no waiting behind them)`,
      [
        { variant: 'idle server', 's per upload': median(idle).toFixed(3), ratio: '1.00' },
        { variant: 'beside 4 hostile uploads', 's per upload': median(loaded).toFixed(3), ratio: (median(loaded) / median(idle)).toFixed(2) },
        { variant: 'the hostile uploads were answered', 's per upload': '', ratio: [...new Set(hostileStatuses)].sort().join(', ') },
      ],
    );
  });
});
