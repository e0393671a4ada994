import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { CaseActivityPort, CaseContent, placeholders, type Principal } from '#kernel';

/**
 * Unread messages per case for one person: newer than what they marked read, not their own,
 * and for a counsellor only in their own periods.
 */
@Injectable()
export class MailActivity extends CaseActivityPort {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly content: CaseContent,
  ) {
    super();
  }

  async unreadCounts(principal: Principal, caseIds: string[]): Promise<Map<string, number>> {
    if (caseIds.length === 0 || !principal.centreId) return new Map();
    // Only what this person may read counts: the kernel decides which rows those are.
    const readable = this.content.readable(principal.centreId, principal, { caseId: 'm.caseId', periodId: 'm.periodId' });
    const rows = await this.dataSource.query<{ caseId: string; n: number | string }[]>(
      `SELECT m.caseId AS caseId, COUNT(*) AS n
       FROM mail_message m
       LEFT JOIN mail_read r ON r.caseId = m.caseId AND r.userId = ?
       WHERE m.caseId IN (${placeholders(caseIds.length)})
         AND (m.authorId IS NULL OR m.authorId <> ?)
         AND (r.lastReadMessageId IS NULL OR m.id > r.lastReadMessageId)
         AND ${readable.sql}
       GROUP BY m.caseId`,
      [principal.id, ...caseIds, principal.id, ...readable.params],
    );
    return new Map(rows.map((r) => [r.caseId, Number(r.n)]));
  }
}
