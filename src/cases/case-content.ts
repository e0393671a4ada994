import { Injectable } from '@nestjs/common';

import { notFound } from '../common/domain-error.js';
import type { Principal } from '../common/request.js';
import { HotSql } from '../database/hot-sql.js';

/** A piece of SQL for a feature's own statement, with the values for its placeholders. */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** Who may read and write a case's content: its clients, and the counsellor who holds it. */
export type ContentReader = Principal & { type: 'user'; role: 'client' | 'counsellor' };

/**
 * The one access decision for a case's content ("may this person read what was written in this
 * case?"), which every feature's content follows: a client reads the cases they are a member of;
 * a counsellor reads the cases they hold now, and of those only what was written in periods that
 * were theirs. The administration manages cases but never reads them, and the operator knows
 * no cases: for them the answer is "not found", here, whatever the route allowed.
 */
export function contentReader(principal: Principal): ContentReader {
  if (principal.type !== 'user' || (principal.role !== 'client' && principal.role !== 'counsellor')) throw notFound('CASE_NOT_FOUND');
  return principal as ContentReader;
}

/** Column references are code, never input; this keeps them so. */
function column(ref: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(ref)) throw new Error(`Not a column reference: ${ref}`);
  return ref;
}

/**
 * The content access decision as SQL, for the features' hot statements (one round trip instead
 * of a check and a query), so that no feature writes its own joins over the kernel's case tables.
 * The fragments use their own aliases (`cc_…`); placeholders only.
 */
@Injectable()
export class CaseContent {
  constructor(private readonly sql: HotSql) {}

  /**
   * A condition on a row of a feature's content table (its case and period columns): true when
   * `principal` may read that row. For rows of several cases (e.g. unread counts of a list).
   */
  readable(centreId: string, principal: Principal, row: { caseId: string; periodId: string }): SqlFragment {
    const reader = contentReader(principal);
    const caseId = column(row.caseId);
    if (reader.role === 'client') {
      return {
        sql: `EXISTS (SELECT 1 FROM case_member cc_m JOIN counselling_case cc_c ON cc_c.id = cc_m.caseId WHERE cc_m.caseId = ${caseId} AND cc_m.userId = ? AND cc_c.centreId = ?)`,
        params: [reader.id, centreId],
      };
    }
    return {
      sql: `EXISTS (SELECT 1 FROM counselling_case cc_c JOIN case_period cc_p ON cc_p.caseId = cc_c.id WHERE cc_c.id = ${caseId} AND cc_c.counsellorId = ? AND cc_c.centreId = ? AND cc_p.id = ${column(row.periodId)} AND cc_p.counsellorId = ?)`,
      params: [reader.id, centreId, reader.id],
    };
  }

  /**
   * The same decision for the rows of one case, the common read, as joins to put after the
   * content table in FROM (`FROM mail_message m ${join.sql} WHERE m.caseId = ?`). The checks are
   * primary-key lookups of constants, which the databases answer once per statement (MariaDB reads
   * them as const tables before the join) instead of once per row.
   */
  joinReadable(centreId: string, principal: Principal, caseId: string, periodColumn: string): SqlFragment {
    const reader = contentReader(principal);
    if (reader.role === 'client') {
      return {
        sql: 'JOIN case_member cc_m ON cc_m.caseId = ? AND cc_m.userId = ? JOIN counselling_case cc_c ON cc_c.id = cc_m.caseId AND cc_c.centreId = ?',
        params: [caseId, reader.id, centreId],
      };
    }
    return {
      sql: `JOIN counselling_case cc_c ON cc_c.id = ? AND cc_c.counsellorId = ? AND cc_c.centreId = ? JOIN case_period cc_p ON cc_p.id = ${column(periodColumn)} AND cc_p.caseId = cc_c.id AND cc_p.counsellorId = cc_c.counsellorId`,
      params: [caseId, reader.id, centreId],
    };
  }

  /** Whether the case exists for this person at all (a client's own, a counsellor's current case). */
  async visible(centreId: string, principal: Principal, caseId: string): Promise<boolean> {
    const reader = contentReader(principal);
    const rows =
      reader.role === 'client'
        ? await this.sql.query('SELECT 1 AS ok FROM case_member cc_m JOIN counselling_case cc_c ON cc_c.id = cc_m.caseId WHERE cc_m.caseId = ? AND cc_m.userId = ? AND cc_c.centreId = ?', [caseId, reader.id, centreId])
        : await this.sql.query('SELECT 1 AS ok FROM counselling_case cc_c WHERE cc_c.id = ? AND cc_c.counsellorId = ? AND cc_c.centreId = ?', [caseId, reader.id, centreId]);
    return rows.length > 0;
  }

  /**
   * FROM and WHERE for writing into a case's current period in the same statement that checks
   * the writer: `INSERT INTO t (…) SELECT …, ${periodId}, … FROM ${from} WHERE ${where}`. The case
   * must be this person's (a member, or its counsellor) and still held by `expectedCounsellorId`
   * (null: not assigned yet), whose period must be the open one — so a message can never land in
   * a period that a reassignment has just ended, nor be announced to the wrong counsellor.
   */
  currentPeriod(centreId: string, principal: Principal, caseId: string, expectedCounsellorId: string | null): { from: string; where: string; params: unknown[]; periodId: string } {
    const writer = contentReader(principal);
    const who =
      writer.role === 'counsellor'
        ? { sql: 'cc_c.counsellorId = ?', params: [writer.id] }
        : { sql: 'EXISTS (SELECT 1 FROM case_member cc_m WHERE cc_m.caseId = cc_c.id AND cc_m.userId = ?)', params: [writer.id] };
    const held =
      expectedCounsellorId === null
        ? { sql: 'cc_c.counsellorId IS NULL AND cc_p.counsellorId IS NULL', params: [] }
        : { sql: 'cc_c.counsellorId = ? AND cc_p.counsellorId = ?', params: [expectedCounsellorId, expectedCounsellorId] };
    return {
      from: 'counselling_case cc_c JOIN case_period cc_p ON cc_p.caseId = cc_c.id AND cc_p.endedAt IS NULL',
      where: `cc_c.id = ? AND cc_c.centreId = ? AND ${who.sql} AND ${held.sql}`,
      params: [caseId, centreId, ...who.params, ...held.params],
      periodId: 'cc_p.id',
    };
  }
}
