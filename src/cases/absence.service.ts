import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { actorOf, AuditService } from '../audit/audit.service.js';
import { notFound } from '../common/domain-error.js';
import { errorFields } from '../common/error-fields.js';
import { ClusterBus } from '../redis/cluster-bus.js';
import type { Principal, ResolvedCentre } from '../common/request.js';
import { REALTIME_EVENTS } from '../contracts/cases.js';
import { CryptoService } from '../crypto/crypto.service.js';
import { UserAccount } from '../identity/accounts/user-account.entity.js';
import { RealtimeService } from '../realtime/realtime.service.js';
import { CounsellorAbsence } from './absence.entity.js';
import { absenceAad } from './cases.service.js';
import { CaseMember } from './case-member.entity.js';
import { CounsellingCase } from './case.entity.js';
import type { AbsenceDto, AbsenceView } from './dto.js';

const CHANNEL = 'beradig:absence';
const TTL_MS = 60_000;

/** The absence assistant: switched by the counsellor, or by the admin for them. */
@Injectable()
export class AbsenceService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AbsenceService.name);
  /** Asked after every message a client writes; switched a few times a year: cached. */
  private readonly known = new Map<string, { absent: boolean; at: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly realtime: RealtimeService,
    private readonly audit: AuditService,
    private readonly bus: ClusterBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.on(CHANNEL, (counsellorId) => this.known.delete(counsellorId));
  }

  async get(centreId: string, counsellorId: string): Promise<AbsenceView> {
    const row = await this.dataSource.getRepository(CounsellorAbsence).findOneBy({ userId: counsellorId, centreId });
    if (!row) return { enabled: false, text: null, setByAdmin: false };
    const cipher = await this.crypto.forCentre(centreId);
    return { enabled: row.enabled, text: row.sealedText ? cipher.openText(absenceAad(row.userId), row.sealedText) : null, setByAdmin: row.setByAdmin };
  }

  async isAbsent(centreId: string, counsellorId: string): Promise<boolean> {
    const hit = this.known.get(counsellorId);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.absent;
    const absent = await this.dataSource.getRepository(CounsellorAbsence).existsBy({ userId: counsellorId, centreId, enabled: true });
    if (this.known.size > 10_000) this.known.clear();
    this.known.set(counsellorId, { absent, at: Date.now() });
    return absent;
  }

  async set(centre: ResolvedCentre, actor: Principal, counsellorId: string, dto: AbsenceDto): Promise<AbsenceView> {
    const counsellor = await this.dataSource.getRepository(UserAccount).findOneBy({ id: counsellorId, centreId: centre.id, role: 'counsellor' });
    if (!counsellor) throw notFound();
    const cipher = await this.crypto.forCentre(centre.id);
    const text = dto.text?.trim() || null;
    await this.dataSource.getRepository(CounsellorAbsence).save({
      userId: counsellorId,
      centreId: centre.id,
      enabled: dto.enabled,
      sealedText: text ? cipher.seal(absenceAad(counsellorId), text) : null,
      setByAdmin: actor.id !== counsellorId,
      updatedAt: new Date(),
    });
    this.known.delete(counsellorId);
    this.bus.publish(CHANNEL, counsellorId).catch((error: unknown) => this.logger.warn({ err: errorFields(error) }, 'absence invalidation failed'));
    await this.audit.record(actorOf(actor), { action: dto.enabled ? 'absence.on' : 'absence.off', target: { type: 'user', id: counsellorId } });
    // Clients of this counsellor see the notice in their threads at once; the board updates.
    const clients = await this.dataSource
      .getRepository(CaseMember)
      .createQueryBuilder('m')
      .innerJoin(CounsellingCase, 'c', 'c.id = m.caseId')
      .where('c.counsellorId = :counsellorId AND c.centreId = :centre', { counsellorId, centre: centre.id })
      .select('DISTINCT m.userId', 'userId')
      .getRawMany<{ userId: string }>();
    this.realtime.toAdmins(centre.id, REALTIME_EVENTS.caseUpdated, { counsellorId });
    this.realtime.toUsers([counsellorId, ...clients.map((c) => c.userId)], REALTIME_EVENTS.caseUpdated, { counsellorId });
    return this.get(centre.id, counsellorId);
  }
}
