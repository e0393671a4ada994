/** Runs `total` requests with `concurrency` in flight; returns the duration and each latency (ms). */
export async function load(total: number, concurrency: number, request: (i: number) => Promise<void>): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const start = process.hrtime.bigint();
  const worker = async () => {
    for (let i = next++; i < total; i = next++) {
      const t0 = process.hrtime.bigint();
      await request(i);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, latencies };
}
