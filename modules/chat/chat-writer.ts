import { Injectable } from '@nestjs/common';

import { HotSql, placeholders } from '#kernel';

export interface ChatRow {
  id: string;
  centreId: string;
  roomId: string;
  authorId: string;
  authorRole: 'client' | 'counsellor';
  sealedText: Buffer;
  createdAt: string;
}

interface Pending {
  row: ChatRow;
  done: (stored: boolean) => void;
  fail: (error: unknown) => void;
}

const MAX_BATCH = 50;
/**
 * One batch at a time: batches then commit in the order of their lines' ids, which read markers
 * and catch-up (`after`) rely on. Two in flight on two connections could commit out of order.
 */
const MAX_IN_FLIGHT = 1;
const COLUMNS = 'id, centreId, roomId, authorId, authorRole, sealedText, createdAt';

/**
 * Stores chat lines with group commit: lines that arrive while earlier writes are on their way
 * go to the database together, as one statement and one commit. Each line is stored only if its
 * author takes part in its room (joined in the same statement), so batching changes nothing
 * about who may write where. An idle chat writes each line at once.
 */
@Injectable()
export class ChatWriter {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly sql: HotSql) {}

  /** Resolves to whether the line was stored (false: the author is not in the room). */
  store(row: ChatRow): Promise<boolean> {
    return new Promise<boolean>((done, fail) => {
      this.queue.push({ row, done, fail });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT || this.queue.length === 0) return;
    this.scheduled = true;
    // Lines sent in the same turn of the event loop travel together.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= MAX_IN_FLIGHT || this.queue.length === 0) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    this.inFlight++;
    try {
      const rows = batch.map((p) => p.row);
      const values = rows.flatMap((r) => [r.id, r.centreId, r.roomId, r.authorId, r.authorRole, r.sealedText, r.createdAt]);
      const derived = rows.map((_, i) => (i === 0 ? 'SELECT ? AS id, ? AS centreId, ? AS roomId, ? AS authorId, ? AS authorRole, ? AS sealedText, ? AS createdAt' : 'SELECT ?, ?, ?, ?, ?, ?, ?')).join(' UNION ALL ');
      const stored = await this.sql.run(
        `INSERT INTO chat_message (${COLUMNS}) SELECT v.id, v.centreId, v.roomId, v.authorId, v.authorRole, v.sealedText, v.createdAt
         FROM (${derived}) v JOIN chat_participant p ON p.roomId = v.roomId AND p.userId = v.authorId AND p.centreId = v.centreId`,
        values,
      );
      if (stored === rows.length) for (const p of batch) p.done(true);
      else {
        // Some authors were not in their rooms: find out which lines made it.
        const found = new Set(
          (await this.sql.query<{ id: string }>(`SELECT id FROM chat_message WHERE id IN (${placeholders(rows.length)})`, rows.map((r) => r.id))).map((r) => r.id),
        );
        for (const p of batch) p.done(found.has(p.row.id));
      }
    } catch (error) {
      for (const p of batch) p.fail(error);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }
}
