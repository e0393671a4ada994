import { connect } from 'node:net';

import { Injectable } from '@nestjs/common';

import { AppConfig } from '#kernel';

export type ScanResult = { clean: true } | { clean: false; signature: string };

export class ScannerUnavailable extends Error {}

const CHUNK = 64 * 1024;
const TIMEOUT_MS = 60_000;

/**
 * Virus scanning through clamd's INSTREAM command, when CLAMD_HOST is configured. Fails closed:
 * if clamd cannot be reached, the upload is refused rather than let through unscanned.
 */
@Injectable()
export class VirusScanner {
  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return !!this.config.clamd;
  }

  scan(bytes: Buffer): Promise<ScanResult> {
    const target = this.config.clamd;
    if (!target) return Promise.resolve({ clean: true });
    return new Promise<ScanResult>((resolve, reject) => {
      const socket = connect({ host: target.host, port: target.port });
      let reply = '';
      let done = false;
      const finish = (error: Error | null, result?: ScanResult) => {
        if (done) return;
        done = true;
        socket.destroy();
        if (error) reject(error);
        else resolve(result!);
      };
      socket.setTimeout(TIMEOUT_MS, () => finish(new ScannerUnavailable('clamd did not answer in time')));
      socket.on('error', (error) => finish(new ScannerUnavailable(error.message)));
      socket.on('data', (data: Buffer) => {
        reply += data.toString('utf8');
        if (!reply.includes('\0')) return;
        const answer = reply.slice(0, reply.indexOf('\0')).trim();
        // "stream: OK", "stream: <signature> FOUND", or "… ERROR".
        if (/^stream: OK$/.test(answer)) finish(null, { clean: true });
        else {
          const found = /^stream: (.+) FOUND$/.exec(answer);
          if (found) finish(null, { clean: false, signature: found[1]! });
          else finish(new ScannerUnavailable(`clamd: ${answer}`));
        }
      });
      socket.on('connect', () => {
        socket.write('zINSTREAM\0');
        for (let at = 0; at < bytes.length; at += CHUNK) {
          const piece = bytes.subarray(at, at + CHUNK);
          const size = Buffer.allocUnsafe(4);
          size.writeUInt32BE(piece.length, 0);
          socket.write(size);
          socket.write(piece);
        }
        socket.write(Buffer.alloc(4));
      });
    });
  }
}
