import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { CaseActivityPort, placeholders, type Principal } from '#kernel';

/**
 * Unread messages per case for one person: newer than what they marked read, not their own,
 * and for a counsellor only in their own periods.
 */
@Injectable()
export class MailActivity extends CaseActivityPort {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super();
  }

  async unreadCounts(principal: Principal, caseIds: string[]): Promise<Map<string, number>> {
    if (caseIds.length === 0) return new Map();
    const ownPeriods = principal.role === 'counsellor' ? ' JOIN case_period p ON p.id = m.periodId AND p.counsellorId = ?' : '';
    const rows = await this.dataSource.query<{ caseId: string; n: number | string }[]>(
      `SELECT m.caseId AS caseId, COUNT(*) AS n
       FROM mail_message m
       LEFT JOIN mail_read r ON r.caseId = m.caseId AND r.userId = ?${ownPeriods}
       WHERE m.caseId IN (${placeholders(caseIds.length)})
         AND (m.authorId IS NULL OR m.authorId <> ?)
         AND (r.lastReadMessageId IS NULL OR m.id > r.lastReadMessageId)
       GROUP BY m.caseId`,
      [principal.id, ...(ownPeriods ? [principal.id] : []), ...caseIds, principal.id],
    );
    return new Map(rows.map((r) => [r.caseId, Number(r.n)]));
  }
}
