import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { actorOf, AuditService } from '../../audit/audit.service.js';
import { DomainError, invalid } from '../../common/domain-error.js';
import type { Principal } from '../../common/request.js';
import { newId } from '../../database/ids.js';
import { afterSuccess, assertNotLocked, isLocked, recordFailure } from '../accounts/lockout.js';
import { OperatorAccount } from './operator-account.entity.js';
import { PASSWORD_MIN_LENGTH } from '../accounts/password-policy.js';
import { PasswordService } from '../accounts/password.service.js';

import { normaliseEmail } from '../accounts/email.js';

@Injectable()
export class OperatorService {
  private readonly logger = new Logger(OperatorService.name);

  constructor(
    @InjectRepository(OperatorAccount) private readonly operators: Repository<OperatorAccount>,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
  ) {}

  /** Creates an operator unless one with this e-mail exists. Returns whether it created one. */
  async ensure(email: string, password: string): Promise<boolean> {
    const normalised = normaliseEmail(email);
    if (!/^[^\s@]+@[^\s@]+$/.test(normalised)) throw invalid([{ field: 'email', code: 'field.email' }]);
    if (password.length < PASSWORD_MIN_LENGTH) {
      throw invalid([{ field: 'password', code: 'field.minLength', params: { min: PASSWORD_MIN_LENGTH } }]);
    }
    if (await this.operators.existsBy({ email: normalised })) return false;
    await this.operators.insert({
      id: newId(),
      email: normalised,
      passwordHash: await this.passwords.hash(password),
      failedLogins: 0,
      lockedUntil: null,
      lastLoginAt: null,
      createdAt: new Date(),
    });
    this.logger.log('Operator account created');
    return true;
  }

  async verifyLogin(email: string, password: string): Promise<Principal> {
    const account = await this.operators.findOneBy({ email: normaliseEmail(email) });
    if (account && isLocked(account)) {
      await this.passwords.verify(null, password);
      assertNotLocked(account);
    }
    const ok = await this.passwords.verify(account?.passwordHash ?? null, password);
    if (!account || !ok) {
      if (account) await recordFailure(this.operators.manager, this.operators.target, account.id);
      await this.audit.record(
        { type: 'anonymous', id: null, centreId: null },
        { action: 'operator.login', centreId: null, target: account ? { type: 'operator', id: account.id } : undefined, outcome: 'failure' },
      );
      throw new DomainError('LOGIN_FAILED', 401);
    }
    assertNotLocked(await this.operators.findOneOrFail({ where: { id: account.id }, select: { id: true, failedLogins: true, lockedUntil: true } }));
    await this.operators.update({ id: account.id }, { ...afterSuccess(), lastLoginAt: new Date() });
    const principal: Principal = { type: 'operator', id: account.id, role: 'operator', centreId: null };
    await this.audit.record(actorOf(principal), { action: 'operator.login', centreId: null });
    return principal;
  }

  async email(id: string): Promise<string | null> {
    return (await this.operators.findOne({ where: { id }, select: { email: true } }))?.email ?? null;
  }
}
