import { Injectable } from '@nestjs/common';
import { type EntityManager, In, IsNull } from 'typeorm';

import { newId } from '../database/ids.js';
import { type DataSubject, PersonalDataContributor } from '../privacy/personal-data.port.js';
import { CaseMember } from './case-member.entity.js';
import { CasePeriod } from './case-period.entity.js';
import { CounsellingCase } from './case.entity.js';

/**
 * A client leaves: their own cases go with everything in them; from groups they are removed
 * (the group goes on for the others). A counsellor leaves: their cases go back to the admin's
 * board with a fresh intake period, so the next counsellor sees nothing from before.
 */
@Injectable()
export class CasesPersonalData extends PersonalDataContributor {
  readonly section = 'cases';
  override readonly eraseOrder = 100;

  async export(subject: DataSubject, manager: EntityManager): Promise<unknown> {
    const memberships = await manager.find(CaseMember, { where: { userId: subject.userId, centreId: subject.centreId } });
    const cases = memberships.length ? await manager.findBy(CounsellingCase, { id: In(memberships.map((m) => m.caseId)) }) : [];
    return cases.map((c) => ({
      id: c.id,
      kind: c.kind,
      status: c.status,
      routing: { topic: c.topic, ageGroup: c.ageGroup, postcode: c.postcode, preferredContact: c.preferredContact },
      createdAt: c.createdAt.toISOString(),
    }));
  }

  async erase(subject: DataSubject, manager: EntityManager): Promise<void> {
    const memberships = await manager.find(CaseMember, { where: { userId: subject.userId, centreId: subject.centreId } });
    if (memberships.length) {
      const cases = await manager.findBy(CounsellingCase, { id: In(memberships.map((m) => m.caseId)) });
      const individual = cases.filter((c) => c.kind === 'individual').map((c) => c.id);
      if (individual.length) await manager.delete(CounsellingCase, { id: In(individual) });
      await manager.delete(CaseMember, { userId: subject.userId, centreId: subject.centreId });
    }
    const counselled = await manager.findBy(CounsellingCase, { counsellorId: subject.userId, centreId: subject.centreId });
    const now = new Date();
    for (const c of counselled) {
      await manager.update(CasePeriod, { caseId: c.id, endedAt: IsNull() }, { endedAt: now });
      await manager.insert(CasePeriod, { id: newId(), caseId: c.id, centreId: c.centreId, counsellorId: null, startedAt: now, endedAt: null });
      await manager.update(CounsellingCase, { id: c.id }, { counsellorId: null, status: 'new', updatedAt: now });
    }
  }

}
