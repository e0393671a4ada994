import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/** With BENCH_PROFILE=<file>, records a CPU profile of this process around `work`. */
export async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  const target = process.env.BENCH_PROFILE;
  if (!target) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${target}-${name}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  }
}
