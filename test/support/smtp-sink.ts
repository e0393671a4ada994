import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
}

/** A real SMTP server on a random port that keeps what it receives, for end-to-end tests. */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  private waiters: { match: (m: ReceivedMail) => boolean; resolve: (m: ReceivedMail) => void }[] = [];
  private server?: SMTPServer;
  port = 0;

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw).then((parsed) => {
            const to = ([] as AddressObject[])
              .concat(parsed.to ?? [])
              .flatMap((a) => a.value.map((v) => v.address ?? ''));
            this.receive({ to, subject: parsed.subject ?? '', text: parsed.text ?? '', html: parsed.html || '', raw });
            callback();
          }, callback);
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as { port: number }).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  private receive(mail: ReceivedMail): void {
    this.messages.push(mail);
    const waiting = this.waiters.filter((w) => w.match(mail));
    this.waiters = this.waiters.filter((w) => !w.match(mail));
    for (const w of waiting) w.resolve(mail);
  }

  /** The first mail (already received or arriving within the timeout) to this address. */
  waitFor(to: string, timeoutMs = 10_000, match: (m: ReceivedMail) => boolean = () => true): Promise<ReceivedMail> {
    const pred = (m: ReceivedMail) => m.to.includes(to.toLowerCase()) && match(m);
    const found = this.messages.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No mail to ${to} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ match: pred, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  /** Resolves with the next mail to this address that arrives after `since` (a count of messages). */
  async next(to: string, since: number, timeoutMs = 10_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(since).find((m) => m.to.includes(to.toLowerCase()));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No new mail to ${to} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  to(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.includes(address.toLowerCase()));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Pulls the first link from a mail's text, e.g. an invitation or confirmation link. */
export function linkIn(mail: ReceivedMail): URL {
  const match = /https?:\/\/\S+/.exec(mail.text);
  if (!match) throw new Error(`No link in mail "${mail.subject}"`);
  return new URL(match[0]);
}
