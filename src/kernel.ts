/**
 * The kernel's public surface for feature modules (`import { … } from '#kernel'`). Features
 * may use what is exported here and nothing else from src/; the lint rule enforces it.
 */
export { actorOf, AuditService, type AuditActor, type AuditEntry } from './audit/audit.service.js';
export { DomainError, conflict, forbidden, invalid, notFound, unauthenticated, type FieldProblem } from './common/domain-error.js';
export type { Locale } from './common/locale.js';
export type { AppRequest, Principal, ResolvedCentre } from './common/request.js';
export { PasswordField, TextField } from './common/validators.js';
export { AppConfig } from './config/app-config.js';
export { CentreCipher, CryptoService } from './crypto/crypto.service.js';
export { DecryptionError, type Aad } from './crypto/envelope.js';
export { CascadeRef, CentreIdColumn, DateColumn, IdColumn, LongTextColumn, SealedColumn } from './database/columns.js';
export { newId } from './database/ids.js';
export { AllowSuspended, Authenticated, CurrentCentre, CurrentPrincipal, Public } from './identity/auth/auth.decorators.js';
export { NotificationService, type Recipient } from './notifications/notification.service.js';
export { PersonalDataContributor, PersonalDataRegistry, type DataSubject } from './privacy/personal-data.port.js';
export { CentreService, PortalContributor, type PortalContribution } from './tenancy/centre.service.js';
export { Feature } from './tenancy/feature.decorator.js';
export * from './contracts/index.js';
