import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { actorOf, AuditService, type Principal, RealtimeService, type ResolvedCentre } from '#kernel';

import { AnonymousSettings } from './anonymous.entities.js';
import { type AnonymousSettingsView, DEFAULT_EMERGENCY_NUMBERS, type EmergencyNumber } from './contracts.js';
import type { AnonymousSettingsDto } from './dto.js';

const CACHE_MS = 5_000;
const SETTINGS_CHANGED = 'anonymous:settings-changed';

/** The centre's emergency numbers and how long topic chats are kept; read on every public page. */
@Injectable()
export class AnonymousSettingsService {
  private readonly cache = new Map<string, { view: AnonymousSettingsView; at: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly realtime: RealtimeService,
  ) {
    realtime.fromOtherInstances(SETTINGS_CHANGED, (centreId) => this.cache.delete(centreId));
  }

  async view(centreId: string): Promise<AnonymousSettingsView> {
    const hit = this.cache.get(centreId);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.view;
    const row = await this.dataSource.getRepository(AnonymousSettings).findOneBy({ centreId });
    const view: AnonymousSettingsView = {
      emergencyNumbers: row ? (JSON.parse(row.emergencyNumbers) as EmergencyNumber[]) : DEFAULT_EMERGENCY_NUMBERS.map((n) => ({ ...n })),
      topicRetentionDays: row?.topicRetentionDays ?? 0,
    };
    this.cache.set(centreId, { view, at: Date.now() });
    return view;
  }

  async save(centre: ResolvedCentre, actor: Principal, dto: AnonymousSettingsDto): Promise<AnonymousSettingsView> {
    const numbers = dto.emergencyNumbers.map((n) => ({ label: n.label, number: n.number }));
    await this.dataSource.getRepository(AnonymousSettings).upsert(
      { centreId: centre.id, emergencyNumbers: JSON.stringify(numbers), topicRetentionDays: dto.topicRetentionDays, updatedAt: new Date() },
      ['centreId'],
    );
    await this.audit.record(actorOf(actor), { action: 'anonymous.settings-changed' });
    this.cache.delete(centre.id);
    this.realtime.toOtherInstances(SETTINGS_CHANGED, centre.id);
    return this.view(centre.id);
  }
}
