import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

import { placeholders } from '../database/sql.js';

import { implementationsOf } from '../common/implementations.js';

/** Whose data: a user of a centre. */
export interface DataSubject {
  centreId: string;
  userId: string;
}

/**
 * Every module that stores personal data implements this port. Account deletion and the DSGVO
 * export fan out to all registered contributors inside one transaction.
 */
export abstract class PersonalDataContributor {
  /** A stable name for the export archive, e.g. `mail`. */
  abstract readonly section: string;
  /**
   * Erasure runs in ascending order. Features (0) go before the cases kernel (100), so they can
   * still find the cases a person's content lives in, e.g. to remove files outside the database.
   */
  readonly eraseOrder: number = 0;
  /**
   * Where this module records who wrote something: a table with a `centreId` column and the
   * author's column. The admin's clean-up of idle accounts asks it who has written anything.
   */
  readonly authorship?: { table: string; authorColumn: string };
  abstract export(subject: DataSubject, manager: EntityManager): Promise<unknown>;
  abstract erase(subject: DataSubject, manager: EntityManager): Promise<void>;
}

/**
 * Finds every provider that implements the port (kernel and licensed features alike), so a
 * module only has to provide its contributor — nothing to register by hand.
 */
@Injectable()
export class PersonalDataRegistry implements OnApplicationBootstrap {
  private contributors: PersonalDataContributor[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    this.contributors = implementationsOf(this.discovery, PersonalDataContributor).sort((a, b) => a.eraseOrder - b.eraseOrder);
  }

  all(): readonly PersonalDataContributor[] {
    return this.contributors;
  }

  /** Which of these people have written anything, in any module (one query per module). */
  async authorsAmong(centreId: string, userIds: string[]): Promise<Set<string>> {
    const authors = new Set<string>();
    if (userIds.length === 0) return authors;
    for (const { authorship } of this.contributors) {
      if (!authorship) continue;
      const { table, authorColumn } = authorship;
      if (!/^[a-z_]+$/.test(table) || !/^[A-Za-z]+$/.test(authorColumn)) throw new Error(`Bad authorship of ${table}`);
      const rows = await this.dataSource.query<{ authorId: string }[]>(
        `SELECT DISTINCT ${authorColumn} AS authorId FROM ${table} WHERE centreId = ? AND ${authorColumn} IN (${placeholders(userIds.length)})`,
        [centreId, ...userIds],
      );
      for (const row of rows) authors.add(row.authorId);
    }
    return authors;
  }
}
