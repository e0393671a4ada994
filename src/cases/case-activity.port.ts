import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

import { implementationsOf } from '../common/implementations.js';
import type { Principal } from '../common/request.js';

/**
 * Features that hold a case's content say how much of it a person has not read yet; the kernel
 * adds it up in case lists without ever seeing the content.
 */
export abstract class CaseActivityPort {
  abstract unreadCounts(principal: Principal, caseIds: string[]): Promise<Map<string, number>>;
}

/** Adds up what every feature implementing the port reports (found at start-up). */
@Injectable()
export class CaseActivityRegistry implements OnApplicationBootstrap {
  private ports: CaseActivityPort[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    this.ports = implementationsOf(this.discovery, CaseActivityPort);
  }

  async unread(principal: Principal, caseIds: string[]): Promise<Map<string, number>> {
    const total = new Map<string, number>();
    if (caseIds.length === 0) return total;
    for (const port of this.ports) {
      for (const [id, n] of await port.unreadCounts(principal, caseIds)) total.set(id, (total.get(id) ?? 0) + n);
    }
    return total;
  }
}
