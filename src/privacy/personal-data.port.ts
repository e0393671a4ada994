import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';

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
  abstract export(subject: DataSubject, manager: EntityManager): Promise<unknown>;
  abstract erase(subject: DataSubject, manager: EntityManager): Promise<void>;
  /** Which of these users have written anything here (for the admin's clean-up of idle accounts). */
  abstract authorsAmong(centreId: string, userIds: string[]): Promise<Set<string>>;
}

/**
 * Finds every provider that implements the port (kernel and licensed features alike), so a
 * module only has to provide its contributor — nothing to register by hand.
 */
@Injectable()
export class PersonalDataRegistry implements OnApplicationBootstrap {
  private contributors: PersonalDataContributor[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    this.contributors = implementationsOf(this.discovery, PersonalDataContributor).sort((a, b) => a.eraseOrder - b.eraseOrder);
  }

  all(): readonly PersonalDataContributor[] {
    return this.contributors;
  }
}
