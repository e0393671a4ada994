import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityTarget } from 'typeorm';

import { invalid } from '../../common/domain-error.js';
import { afterSuccess, assertNotLocked, type Lockable, recordFailure } from './lockout.js';
import { PasswordService } from './password.service.js';

type Confirmable = Lockable & { id: string; passwordHash: string | null };

/**
 * The current password, asked again before a change that matters (new password, new address,
 * deleting the account, new recovery codes). Wrong ones count against the account like wrong
 * second-factor codes at the login: five lock it for a while — the confirmations and the
 * login after the right password alike. Only someone holding a session can do this, so it
 * neither tells anything about the account nor lets outsiders lock anyone out.
 */
@Injectable()
export class PasswordConfirmation {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
  ) {}

  async require<T extends Confirmable>(target: EntityTarget<T>, holder: T, password: string, field = 'password'): Promise<void> {
    const manager = this.dataSource.manager;
    const lockOf = () =>
      manager.findOneOrFail(target, { where: { id: holder.id } as never, select: { id: true, failedLogins: true, lockedUntil: true } as never });
    assertNotLocked(await lockOf());
    if (!(await this.passwords.verify(holder.passwordHash, password))) {
      await recordFailure(manager, target, holder.id);
      throw invalid([{ field, code: 'field.passwordWrong' }], 'PASSWORD_WRONG');
    }
    // Guesses sent in parallel may have locked the account while this one was checked.
    assertNotLocked(await lockOf());
    await manager.update(target, { id: holder.id }, afterSuccess() as never);
  }
}
