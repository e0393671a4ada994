// Uploads one file several times, one after another, from its own process.
// Input (JSON on stdin): { url, headers, file, count }. Output: JSON { seconds: [...], statuses: [...] }.
import { readFileSync } from 'node:fs';

import { request } from 'undici';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const spec = JSON.parse(input);
const body = readFileSync(spec.file);
const seconds = [];
const statuses = [];
for (let i = 0; i < spec.count; i++) {
  const t0 = process.hrtime.bigint();
  const res = await request(spec.url, { method: 'POST', headers: { ...spec.headers, 'content-length': String(body.length) }, body });
  await res.body.dump();
  seconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
  statuses.push(res.statusCode);
}
process.stdout.write(JSON.stringify({ seconds, statuses }));
