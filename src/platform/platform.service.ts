import { createHash } from 'node:crypto';

import { Cron, CronExpression } from '@nestjs/schedule';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

import { type AuditActor, AuditService } from '../audit/audit.service.js';
import { conflict, DomainError, invalid, notFound } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import type { PlatformCentre } from '../contracts/centre.js';
import type { FeatureInfo, FeatureKey } from '../contracts/modules.js';
import { DatabaseHygiene } from '../database/database-hygiene.js';
import { centreDeletionOrder } from '../database/deletion-order.js';
import { ImageSanitizer } from '../images/image-sanitizer.js';
import { FeatureCatalogue } from '../features/feature-catalogue.js';
import { CryptoService } from '../crypto/crypto.service.js';
import { newId } from '../database/ids.js';
import { AccountService, INVITATION_VALID_HOURS } from '../identity/accounts/account.service.js';
import { SessionService } from '../identity/sessions/session.service.js';
import { UserAccount } from '../identity/accounts/user-account.entity.js';
import { NotificationService } from '../notifications/notification.service.js';
import { KERNEL_TEMPLATES } from '../notifications/templates.js';
import { CentreAsset, type AssetKind } from '../tenancy/centre-asset.entity.js';
import { Centre } from '../tenancy/centre.entity.js';
import { CentreService } from '../tenancy/centre.service.js';
import { FileStore } from '../storage/file-store.js';
import type { CreateCentreDto, UpdateCentreDto } from './dto.js';
import { PriceList, tierFor } from './pricing.js';
import { isUniqueViolation } from '../database/sql.js';
import { errorFields } from '../common/error-fields.js';

export const MAX_ASSET_BYTES = 1024 * 1024;

const emptyToNull = (value: string | null | undefined) => (value === undefined ? undefined : value || null);

/**
 * The operator's use cases. Nothing here reads or returns personal data of a centre's users:
 * the first admin's address is sealed into the new centre and used once, for the invitation.
 */
@Injectable()
export class PlatformService {
  private readonly logger = new Logger(PlatformService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly crypto: CryptoService,
    private readonly accounts: AccountService,
    private readonly notifications: NotificationService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly prices: PriceList,
    private readonly centres: CentreService,
    private readonly files: FileStore,
    private readonly features: FeatureCatalogue,
    private readonly hygiene: DatabaseHygiene,
    private readonly images: ImageSanitizer,
  ) {}

  /** The installed feature modules, in the registry's order, with what each needs. */
  modules(): FeatureInfo[] {
    return this.features.keys.map((key) => ({ key, requires: [...this.features.requires(key)] }));
  }

  /**
   * A licence in the registry's order (so equal licences look equal), refused when it names a
   * module that is not installed or lacks one a module needs.
   */
  private licence(modules: readonly FeatureKey[]): FeatureKey[] {
    const problems = this.features.problems(modules);
    if (problems.length) throw invalid(problems);
    return this.features.canonical(modules);
  }

  priceList(): PriceList {
    return this.prices;
  }

  async list(): Promise<PlatformCentre[]> {
    const centres = await this.dataSource.getRepository(Centre).find({ order: { name: 'ASC' } });
    const assets = await this.dataSource
      .getRepository(CentreAsset)
      .find({ select: { centreId: true, kind: true } });
    return centres.map((c) => this.view(c, assets.filter((a) => a.centreId === c.id)));
  }

  async get(slug: string): Promise<PlatformCentre> {
    const centre = await this.find(slug);
    const assets = await this.dataSource
      .getRepository(CentreAsset)
      .find({ where: { centreId: centre.id }, select: { centreId: true, kind: true } });
    return this.view(centre, assets);
  }

  async create(actor: AuditActor, dto: CreateCentreDto): Promise<PlatformCentre> {
    const repo = this.dataSource.getRepository(Centre);
    // A module's name stays free for the app's own paths.
    if (this.features.has(dto.slug)) throw invalid([{ field: 'slug', code: 'field.slugReserved' }]);
    const modules = this.licence(dto.modules);
    if (await repo.existsBy({ slug: dto.slug })) throw conflict('SLUG_TAKEN', [{ field: 'slug', code: 'SLUG_TAKEN' }]);
    const now = new Date();
    const centre = Object.assign(new Centre(), {
      id: newId(),
      slug: dto.slug,
      name: dto.name,
      modules,
      suspended: false,
      staffTwoFactorRequired: false,
      imprint: emptyToNull(dto.imprint) ?? null,
      privacyText: emptyToNull(dto.privacyText) ?? null,
      homepageUrl: emptyToNull(dto.homepageUrl) ?? null,
      createdAt: now,
      updatedAt: now,
    } satisfies Centre);

    let invitation: { email: string; token: string };
    try {
      invitation = await this.dataSource.transaction(async (manager) => {
        // A copy: the MariaDB driver writes raw RETURNING values (0 for false) into what it inserts.
        await manager.insert(Centre, { ...centre });
        const cipher = await this.crypto.createCentreKey(manager, centre.id);
        const admin = await this.accounts.create(manager, cipher, {
          role: 'admin',
          email: dto.adminEmail,
          displayName: 'Verwaltung',
          status: 'pending',
        });
        const token = await this.accounts.issueToken(manager, admin, 'invitation', INVITATION_VALID_HOURS);
        await this.audit.record(actor, { action: 'centre.created', centreId: null, target: { type: 'centre', id: centre.id } }, manager);
        return { email: dto.adminEmail, token };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('SLUG_TAKEN', [{ field: 'slug', code: 'SLUG_TAKEN' }]);
      throw error;
    }
    this.centres.forget(centre.slug);
    await this.sendInvitation(centre, invitation.email, invitation.token);
    return this.view(centre, []);
  }

  async update(actor: AuditActor, slug: string, dto: UpdateCentreDto): Promise<PlatformCentre> {
    const centre = await this.find(slug);
    const changes: Partial<Centre> = { updatedAt: new Date() };
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.modules !== undefined) changes.modules = this.licence(dto.modules);
    if (dto.suspended !== undefined) changes.suspended = dto.suspended;
    if (dto.imprint !== undefined) changes.imprint = emptyToNull(dto.imprint) ?? null;
    if (dto.privacyText !== undefined) changes.privacyText = emptyToNull(dto.privacyText) ?? null;
    if (dto.homepageUrl !== undefined) changes.homepageUrl = emptyToNull(dto.homepageUrl) ?? null;

    await this.dataSource.transaction(async (manager) => {
      await manager.update(Centre, { id: centre.id }, changes);
      const target = { type: 'centre', id: centre.id };
      if (changes.modules && changes.modules.join() !== centre.modules.join()) {
        await this.audit.record(actor, { action: 'centre.modules-changed', centreId: null, target }, manager);
        await this.audit.record(actor, { action: 'centre.modules-changed', centreId: centre.id, target }, manager);
      }
      if (changes.suspended !== undefined && changes.suspended !== centre.suspended) {
        const action = changes.suspended ? 'centre.suspended' : 'centre.reactivated';
        await this.audit.record(actor, { action, centreId: null, target }, manager);
        await this.audit.record(actor, { action, centreId: centre.id, target }, manager);
      }
    });
    this.centres.forget(slug);
    if (changes.suspended === true) await this.sessions.endAllForCentre(centre.id);
    return this.get(slug);
  }

  /**
   * Deletes a centre for good: its data keys go first (crypto-shredding, so even a backup of
   * its rows cannot be opened), then every row through the foreign keys' cascades.
   */
  async remove(actor: AuditActor, slug: string): Promise<void> {
    const centre = await this.find(slug);
    await this.dataSource.transaction(async (manager) => {
      await this.crypto.destroyCentreKeys(manager, centre.id);
      await this.deleteCentreRows(manager, centre.id);
      await this.audit.record(actor, { action: 'centre.deleted', centreId: null, target: { type: 'centre', id: centre.id } }, manager);
    });
    await this.crypto.keysChanged(centre.id);
    this.centres.forget(slug);
    await this.sessions.endAllForCentre(centre.id);
    // Sealed files cannot be opened without the destroyed key; remove them as well.
    await this.files.deleteAll(centre.id);
    await this.hygiene.afterErasure();
  }

  /**
   * Files of centres that no longer exist: left when the process stopped between deleting a
   * centre and its files, or by an upload that finished during the deletion. Unreadable (the
   * keys are gone), but still data that should not be kept.
   */
  @Cron(CronExpression.EVERY_HOUR)
  async sweepFilesOfDeletedCentres(): Promise<number> {
    const existing = new Set(await this.centres.ids());
    let removed = 0;
    for await (const prefix of this.files.prefixes()) {
      if (existing.has(prefix)) continue;
      await this.files.deleteAll(prefix);
      removed++;
    }
    return removed;
  }

  async putAsset(actor: AuditActor, slug: string, kind: AssetKind, data: Buffer | undefined): Promise<PlatformCentre> {
    const centre = await this.find(slug);
    if (!data || data.length === 0) throw new DomainError('ASSET_TYPE', 415);
    if (data.length > MAX_ASSET_BYTES) throw new DomainError('ASSET_TOO_LARGE', 413, { max: '1 MB' });
    // Decoded and written anew: pixels only, no metadata, nothing that merely starts like an image.
    const image = await this.images.sanitize(data, kind === 'logo' ? 800 : 1600);
    if (!image) throw new DomainError('ASSET_TYPE', 415);
    const row = {
      centreId: centre.id,
      kind,
      mimeType: image.mimeType,
      data: image.data,
      etag: createHash('sha256').update(image.data).digest('hex'),
      updatedAt: new Date(),
    };
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(CentreAsset, { centreId: centre.id, kind });
      await manager.insert(CentreAsset, row);
      await this.audit.record(actor, { action: `centre.${kind}-changed`, centreId: null, target: { type: 'centre', id: centre.id } }, manager);
    });
    return this.get(slug);
  }

  async deleteAsset(actor: AuditActor, slug: string, kind: AssetKind): Promise<void> {
    const centre = await this.find(slug);
    const result = await this.dataSource.getRepository(CentreAsset).delete({ centreId: centre.id, kind });
    if (!result.affected) throw notFound();
    await this.audit.record(actor, { action: `centre.${kind}-removed`, centreId: null, target: { type: 'centre', id: centre.id } });
  }

  /**
   * Sends a fresh invitation to every admin of the centre who has not accepted yet, e.g. when
   * the first mail was lost. The operator learns how many, never to whom.
   */
  async resendInvitations(actor: AuditActor, slug: string): Promise<{ sent: number }> {
    const centre = await this.find(slug);
    const cipher = await this.crypto.forCentre(centre.id);
    const pending = await this.dataSource
      .getRepository(UserAccount)
      .findBy({ centreId: centre.id, role: 'admin', status: 'pending' });
    for (const admin of pending) {
      const token = await this.dataSource.transaction((manager) =>
        this.accounts.issueToken(manager, admin, 'invitation', INVITATION_VALID_HOURS),
      );
      await this.sendInvitation(centre, this.accounts.open(cipher, admin).email, token);
    }
    await this.audit.record(actor, { action: 'centre.invitations-resent', centreId: null, target: { type: 'centre', id: centre.id } });
    return { sent: pending.length };
  }

  private async deleteCentreRows(manager: EntityManager, centreId: string): Promise<void> {
    // Every tenant table references centre(id) ON DELETE CASCADE, but its rows are deleted
    // children first (see centreDeletionOrder): the cascade alone fails on MariaDB. What is
    // left (rows without a centreId of their own) goes with the cascade.
    const driver = manager.connection.driver;
    for (const table of centreDeletionOrder(manager.connection.entityMetadatas)) {
      if (table === 'centre') continue;
      await manager.query(`DELETE FROM ${driver.escape(table)} WHERE ${driver.escape('centreId')} = ?`, [centreId]);
    }
    await manager.delete(Centre, { id: centreId });
  }

  private async find(slug: string): Promise<Centre> {
    const centre = await this.dataSource.getRepository(Centre).findOneBy({ slug });
    if (!centre) throw notFound('CENTRE_NOT_FOUND');
    return centre;
  }

  private async sendInvitation(centre: Centre, email: string, token: string): Promise<void> {
    const link = `${this.config.publicUrl}/${centre.slug}/einladung?token=${encodeURIComponent(token)}`;
    try {
      await this.notifications.notify({ email, locale: 'de' }, KERNEL_TEMPLATES['staff-invitation'], {
        centreName: centre.name,
        link,
        validHours: INVITATION_VALID_HOURS,
      });
    } catch (error) {
      // The centre exists; the operator can send the invitation again.
      this.logger.warn({ err: errorFields(error), centre: centre.id }, 'Invitation e-mail could not be sent');
    }
  }

  private view(centre: Centre, assets: Pick<CentreAsset, 'kind'>[]): PlatformCentre {
    const tier = tierFor(this.prices, centre.modules);
    return {
      id: centre.id,
      slug: centre.slug,
      name: centre.name,
      modules: centre.modules,
      suspended: centre.suspended,
      imprint: centre.imprint,
      privacyText: centre.privacyText,
      homepageUrl: centre.homepageUrl,
      hasLogo: assets.some((a) => a.kind === 'logo'),
      hasImage: assets.some((a) => a.kind === 'image'),
      tier,
      annualFee: tier?.annualFee ?? 0,
      setupFee: tier?.setupFee ?? 0,
      createdAt: centre.createdAt.toISOString(),
    };
  }
}
