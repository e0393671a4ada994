import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { EICAR } from '../factories/pdfs.js';

const CLAMD = ['/usr/sbin/clamd', '/usr/bin/clamd', '/usr/local/sbin/clamd'].find((p) => existsSync(p));

export interface Clamd {
  host: string;
  port: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A private clamd (ClamAV's daemon, Debian package clamav-daemon) whose only signature is the
 * EICAR test string — no signature download needed. CI sets REQUIRE_CLAMD=1 and installs it; a
 * machine without it skips the virus-scan tests.
 */
export async function startClamd(): Promise<Clamd | null> {
  if (!CLAMD) {
    if (process.env.REQUIRE_CLAMD === '1') throw new Error('REQUIRE_CLAMD=1 but clamd is not installed (apt-get install clamav-daemon)');
    console.warn('No clamd here: skipping the virus-scan tests.');
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), 'beradig-clamd-'));
  mkdirSync(join(dir, 'db'));
  writeFileSync(join(dir, 'db', 'beradig-test.ndb'), `Eicar-Test-Signature:0:*:${Buffer.from(EICAR, 'latin1').toString('hex')}\n`);
  const port = await freePort();
  writeFileSync(
    join(dir, 'clamd.conf'),
    [
      'Foreground yes',
      `TCPSocket ${port}`,
      'TCPAddr 127.0.0.1',
      `DatabaseDirectory ${join(dir, 'db')}`,
      `PidFile ${join(dir, 'clamd.pid')}`,
      'StreamMaxLength 64M',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(CLAMD, ['-c', join(dir, 'clamd.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 30_000;
  while (!(await answersPing(port))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`clamd did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host: '127.0.0.1',
    port,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.write('zPING\0'));
    socket.once('data', (d: Buffer) => {
      socket.destroy();
      resolve(d.toString().startsWith('PONG'));
    });
  });
}
