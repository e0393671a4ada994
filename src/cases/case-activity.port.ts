import type { Principal } from '../common/request.js';

/**
 * Features that hold a case's content say how much of it a person has not read yet; the kernel
 * adds it up in case lists without ever seeing the content.
 */
export abstract class CaseActivityPort {
  abstract unreadCounts(principal: Principal, caseIds: string[]): Promise<Map<string, number>>;
}

export class CaseActivityRegistry {
  private readonly ports: CaseActivityPort[] = [];

  register(port: CaseActivityPort): void {
    this.ports.push(port);
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
