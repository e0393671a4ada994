// Load generator in its own process, so the server under test keeps its core.
// Input (JSON on stdin): { requests: [{ url, method, headers, body }], concurrency, total, warmup }
// Each connection i cycles through requests[i % requests.length]. Output: JSON { seconds, latencies, errors }.
import { Agent, request } from 'undici';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const spec = JSON.parse(input);
const agent = new Agent({ connections: spec.concurrency, pipelining: 1, keepAliveTimeout: 30_000 });

async function one(i) {
  const r = spec.requests[i % spec.requests.length];
  const res = await request(r.url, { method: r.method, headers: r.headers, body: r.body, dispatcher: agent });
  await res.body.dump();
  if (res.statusCode >= 400) throw new Error(`HTTP ${res.statusCode}`);
}

async function run(total) {
  const latencies = [];
  let errors = 0;
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: spec.concurrency }, async (_, worker) => {
      for (let i = next++; i < total; i = next++) {
        const t0 = process.hrtime.bigint();
        try {
          await one(worker + i);
        } catch {
          errors++;
        }
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, latencies, errors };
}

await run(spec.warmup ?? 0);
const result = await run(spec.total);
process.stdout.write(JSON.stringify(result));
await agent.close();
