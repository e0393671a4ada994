import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** Runs one of the load clients in its own process and returns what it prints (JSON). */
export function runClient<T>(script: 'http-load.mjs' | 'socket-load.mjs' | 'upload-load.mjs' | 'chat-load.mjs', spec: unknown): Promise<T> {
  const path = resolve(import.meta.dirname, 'clients', script);
  return new Promise((resolvePromise, reject) => {
    // The spec goes in on stdin: a thousand cookies do not fit on a command line.
    const child = spawn(process.execPath, [path], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdin.end(JSON.stringify(spec));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${script} exited with ${code}`));
      try {
        resolvePromise(JSON.parse(out) as T);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}
