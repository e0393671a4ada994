import { Injectable } from '@nestjs/common';

import { type CentreCipher, CryptoService, DisplayNames, fromSqlDate, HotSql, newId, type Principal, placeholders, sqlDate } from '#kernel';

import { chatPseudonymAad, lineAad } from './anonymous.entities.js';
import type { LiveLineView } from './contracts.js';

interface RawLine {
  id: string;
  chatId: string;
  author: 'visitor' | 'counsellor';
  counsellorId: string | null;
  sealedText: Buffer;
  createdAt: unknown;
}

/** Lines of live chats: stored sealed, only by someone in the chat, read back opened. */
@Injectable()
export class LiveLines {
  constructor(
    private readonly sql: HotSql,
    private readonly crypto: CryptoService,
    private readonly names: DisplayNames,
  ) {}

  /**
   * Stores a line if its author is in the chat and it is still going, checked in the statement
   * that writes it (an end at the same moment leaves no line behind in a chat that is gone). A
   * visitor may write while waiting (the counsellor reads it on taking the chat); a counsellor
   * writes in the chats they hold. Answers the stored line, or null.
   */
  async store(centreId: string, writer: Principal, chatId: string, text: string): Promise<(LiveLineView & { visitorId: string | null; counsellorId: string | null }) | null> {
    const cipher = await this.crypto.forCentre(centreId);
    const id = newId();
    const createdAt = new Date();
    const visitor = writer.role === 'guest';
    const stored = await this.sql.run(
      `INSERT INTO anonymous_line (id, centreId, chatId, author, counsellorId, sealedText, createdAt)
       SELECT ?, c.centreId, c.id, ?, ?, ?, ? FROM anonymous_chat c
       WHERE c.id = ? AND c.centreId = ? AND ${visitor ? "c.visitorId = ? AND c.status IN ('waiting', 'active')" : "c.counsellorId = ? AND c.status = 'active'"}`,
      [id, visitor ? 'visitor' : 'counsellor', visitor ? null : writer.id, cipher.seal(lineAad(id), text), sqlDate(createdAt), chatId, centreId, writer.id],
    );
    if (stored !== 1) return null;
    const [chat] = await this.sql.query<{ visitorId: string | null; counsellorId: string | null; sealedPseudonym: Buffer }>(
      'SELECT visitorId, counsellorId, sealedPseudonym FROM anonymous_chat WHERE id = ?',
      [chatId],
    );
    if (!chat) return null;
    const name = visitor ? cipher.openText(chatPseudonymAad(chatId), chat.sealedPseudonym) : ((await this.names.of(centreId, [writer.id])).get(writer.id) ?? '');
    return { id, chatId, author: visitor ? 'visitor' : 'counsellor', name, text, createdAt: createdAt.toISOString(), visitorId: chat.visitorId, counsellorId: chat.counsellorId };
  }

  /** The lines of some chats, oldest first, with the names as each side sees them. */
  async of(centreId: string, chats: { id: string; sealedPseudonym: Buffer }[], limit = 500): Promise<Map<string, LiveLineView[]>> {
    const byChat = new Map<string, LiveLineView[]>(chats.map((c) => [c.id, []]));
    if (chats.length === 0) return byChat;
    const rows = await this.sql.query<RawLine>(
      `SELECT id, chatId, author, counsellorId, sealedText, createdAt FROM anonymous_line WHERE centreId = ? AND chatId IN (${placeholders(chats.length)}) ORDER BY id ASC`,
      [centreId, ...chats.map((c) => c.id)],
    );
    const cipher = await this.crypto.forCentre(centreId);
    const counsellors = await this.names.of(centreId, [...new Set(rows.map((r) => r.counsellorId).filter((id): id is string => !!id))]);
    const pseudonyms = new Map(chats.map((c) => [c.id, cipher.openText(chatPseudonymAad(c.id), c.sealedPseudonym)]));
    for (const row of rows) {
      const list = byChat.get(row.chatId)!;
      list.push(this.view(cipher, row, row.author === 'visitor' ? (pseudonyms.get(row.chatId) ?? '') : (counsellors.get(row.counsellorId ?? '') ?? '')));
    }
    for (const [id, list] of byChat) if (list.length > limit) byChat.set(id, list.slice(-limit));
    return byChat;
  }

  private view(cipher: CentreCipher, row: RawLine, name: string): LiveLineView {
    return { id: row.id, chatId: row.chatId, author: row.author, name, text: cipher.openText(lineAad(row.id), row.sealedText), createdAt: fromSqlDate(row.createdAt).toISOString() };
  }
}
