import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { SendMailOptions, Transport } from 'nodemailer';
import type OutgoingMessage from 'nodemailer/lib/mailer/mail-message.js';

import { newId } from '../database/ids.js';

export interface OutboxEntry {
  id: string;
  at: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * Development transport used when no SMTP server is configured: mails land as files in
 * var/outbox, readable at /dev/outbox. Never active in production (config refuses it).
 */
export class OutboxTransport implements Transport<{ messageId: string }> {
  readonly name = 'beradig-outbox';
  readonly version = '1';

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  send(outgoing: OutgoingMessage<{ messageId: string }>, callback: (err: Error | null, info: { messageId: string }) => void): void {
    const data = outgoing.data as SendMailOptions;
    const id = newId();
    outgoing.message.build((err, raw) => {
      if (err) return callback(err, { messageId: id });
      const entry: OutboxEntry = {
        id,
        at: new Date().toISOString(),
        to: outgoing.message.getEnvelope().to.join(', '),
        subject: typeof data.subject === 'string' ? data.subject : '',
        text: typeof data.text === 'string' ? data.text : '',
      };
      writeFileSync(join(this.dir, `${id}.json`), JSON.stringify(entry), { mode: 0o600 });
      writeFileSync(join(this.dir, `${id}.eml`), raw, { mode: 0o600 });
      callback(null, { messageId: id });
    });
  }

  list(): OutboxEntry[] {
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .reverse()
      .map((f) => JSON.parse(readFileSync(join(this.dir, f), 'utf8')) as OutboxEntry);
  }
}
