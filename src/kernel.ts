/**
 * The kernel's public surface for feature modules (`import { … } from '#kernel'`). Features
 * may use what is exported here and nothing else from src/; the lint rule enforces it.
 */
export { actorOf, AuditService, type AuditActor, type AuditEntry } from './audit/audit.service.js';
export { AbsenceService } from './cases/absence.service.js';
export { ActivityNotifier } from './cases/activity-notifier.js';
export { CaseActivityPort, CaseActivityRegistry } from './cases/case-activity.port.js';
export { type CaseAudience, CaseAudiences } from './cases/case-audiences.js';
export { CaseContent, type ContentReader, contentReader, type SqlFragment } from './cases/case-content.js';
export { CASE_ASSIGNED, CASE_CREATED, type CaseAssignedEvent, type CaseCreatedEvent } from './cases/case-events.js';
export { CaseMember } from './cases/case-member.entity.js';
export { CasePeriod } from './cases/case-period.entity.js';
export { CounsellingCase } from './cases/case.entity.js';
export { type CaseAccess, CasesService, type ContentAccess } from './cases/cases.service.js';
export { DisplayNames } from './cases/display-names.js';
export { CountingDebouncer, LatestValueThrottle } from './common/coalesce.js';
export { errorFields } from './common/error-fields.js';
export { DomainError, conflict, forbidden, invalid, notFound, unauthenticated, type FieldProblem } from './common/domain-error.js';
export { type Locale, pickLocale } from './common/locale.js';
export { message, type MessageCatalogue } from './common/messages.js';
export type { AppRequest, Principal, ResolvedCentre } from './common/request.js';
export { PageQuery } from './common/page-query.js';
export { PasswordField, TextField } from './common/validators.js';
export { AppConfig, intSetting } from './config/app-config.js';
export { CentreCipher, CryptoService } from './crypto/crypto.service.js';
export { DecryptionError, type Aad } from './crypto/envelope.js';
export { CascadeRef, CentreIdColumn, DateColumn, IdColumn, LongTextColumn, NullableRef, SealedColumn } from './database/columns.js';
export { HotSql } from './database/hot-sql.js';
export * as schema from './database/migration-columns.js';
export { isUuid, newId } from './database/ids.js';
export { fromSqlBool, fromSqlDate, placeholders, sqlDate, writeLock } from './database/sql.js';
export { ACCOUNT_ERASED } from './identity/accounts/account-eraser.service.js';
export { AccountService } from './identity/accounts/account.service.js';
export { UserAccount } from './identity/accounts/user-account.entity.js';
export { AllowSuspended, Authenticated, CurrentCentre, CurrentPrincipal, Public } from './identity/auth/auth.decorators.js';
export { FeatureCatalogue } from './features/feature-catalogue.js';
export { defineFeature, type FeatureDefinition } from './features/feature-definition.js';
export { Links } from './notifications/links.js';
export { NotificationService, type Recipient } from './notifications/notification.service.js';
export { defineTemplates, type NotificationTemplate, type TemplateParams } from './notifications/templates.js';
export { PersonalDataContributor, PersonalDataRegistry, type DataSubject } from './privacy/personal-data.port.js';
export { FeatureGateway } from './realtime/feature-gateway.decorator.js';
export { RealtimeService, socketPrincipal } from './realtime/realtime.service.js';
export { CentreService, PortalContributor } from './tenancy/centre.service.js';
export { Feature } from './tenancy/feature.decorator.js';
export { FileStore, StoredFileMissing } from './storage/file-store.js';
export { type RateDecision, RateLimiter } from './limits/rate-limiter.js';
export * from './contracts/index.js';
