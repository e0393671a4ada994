import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { CaseActivityPort, CaseActivityRegistry, type Principal } from '#kernel';

/**
 * Unread messages per case for one person: newer than what they marked read, not their own,
 * and for a counsellor only in their own periods.
 */
@Injectable()
export class MailActivity extends CaseActivityPort implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: CaseActivityRegistry,
  ) {
    super();
  }

  onModuleInit(): void {
    this.registry.register(this);
  }

  async unreadCounts(principal: Principal, caseIds: string[]): Promise<Map<string, number>> {
    if (caseIds.length === 0) return new Map();
    const qb = this.dataSource
      .createQueryBuilder()
      .select('m.caseId', 'caseId')
      .addSelect('COUNT(*)', 'n')
      .from('mail_message', 'm')
      .leftJoin('mail_read', 'r', 'r.caseId = m.caseId AND r.userId = :me', { me: principal.id })
      .where('m.caseId IN (:...caseIds)', { caseIds })
      .andWhere('(m.authorId IS NULL OR m.authorId <> :me)')
      .andWhere('(r.lastReadMessageId IS NULL OR m.id > r.lastReadMessageId)')
      .groupBy('m.caseId');
    if (principal.role === 'counsellor') {
      qb.innerJoin('case_period', 'p', 'p.id = m.periodId AND p.counsellorId = :me');
    }
    const rows = await qb.getRawMany<{ caseId: string; n: number | string }>();
    return new Map(rows.map((r) => [r.caseId, Number(r.n)]));
  }
}
