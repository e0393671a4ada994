import { createHmac, hkdfSync } from 'node:crypto';
import { isIPv6 } from 'node:net';

import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type EntityManager, type EntityTarget, In, LessThan } from 'typeorm';

import { DomainError } from '../../common/domain-error.js';
import { MasterKeyring } from '../../crypto/master-keyring.js';
import { LoginThrottleEntry } from './login-throttle.entity.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** Failures that did not lead to a lock are forgotten after a day without another one. */
export const FORGET_FAILURES_HOURS = 24;

export interface Lockable {
  failedLogins: number;
  lockedUntil: Date | null;
}

export function isLocked(account: Lockable, now = new Date()): boolean {
  return !!account.lockedUntil && account.lockedUntil > now;
}

export function assertNotLocked(account: Lockable, now = new Date()): void {
  if (isLocked(account, now)) throw new DomainError('ACCOUNT_LOCKED', 429);
}

/** The changes to store after a failed attempt: the fifth failure locks for a while. */
export function afterFailure(account: Lockable, now = new Date()): Lockable {
  const failures = account.lockedUntil && account.lockedUntil <= now ? 1 : account.failedLogins + 1;
  return failures >= MAX_FAILED_LOGINS
    ? { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000) }
    : { failedLogins: failures, lockedUntil: null };
}

export const afterSuccess = (): Lockable => ({ failedLogins: 0, lockedUntil: null });

/**
 * Records a failed attempt in the database itself (`failedLogins + 1`), so guesses sent in
 * parallel each count — read-then-write would let a whole batch count as one. A lock that has
 * run out starts the count afresh; the fifth failure locks.
 */
export async function recordFailure(
  manager: EntityManager,
  target: EntityTarget<Lockable & { id: string }>,
  id: string,
  now = new Date(),
  also: Record<string, unknown> = {},
): Promise<void> {
  const repo = manager.getRepository(target);
  const failures = manager.connection.driver.escape('failedLogins');
  await repo
    .createQueryBuilder()
    .update()
    .set({ failedLogins: 0, lockedUntil: null })
    .where('id = :id AND lockedUntil IS NOT NULL AND lockedUntil <= :now', { id, now })
    .execute();
  await repo
    .createQueryBuilder()
    .update()
    .set({ failedLogins: () => `${failures} + 1`, ...also })
    .where('id = :id', { id })
    .execute();
  await repo
    .createQueryBuilder()
    .update()
    .set({ failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000) })
    .where('id = :id AND failedLogins >= :max', { id, max: MAX_FAILED_LOGINS })
    .execute();
}

/**
 * The network a request comes from, as the throttle counts it: an IPv4 address as it is, an
 * IPv6 address by its /64 (one household or server gets a whole /64 and could otherwise change
 * address with every guess).
 */
export function clientNetwork(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail] = ip.toLowerCase().split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const full = tail === undefined ? front : [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
  return `${full.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** One counter: a login as typed, from one network, at a centre or the operator's login. */
export interface LoginGuard {
  id: string;
  loginKey: string;
  centreId: string | null;
}

/**
 * Failed logins, counted per login **as typed** and per client network, in the database (so
 * every instance sees them and parallel guesses each count); five lock that pair for fifteen
 * minutes. Nothing here depends on whether an account exists, so logins without one are
 * counted and locked exactly alike, and a lock reached through a username says nothing about
 * the account's address (and back). Someone guessing from one network does not lock the
 * owner out elsewhere — the operator and admins included. Only keyed hashes are stored.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    keyring: MasterKeyring,
  ) {
    // Derived from the master key so every instance agrees without sharing another secret.
    this.key = Buffer.from(hkdfSync('sha256', keyring.current.key, 'beradig', 'beradig/login-throttle/v1', 32));
  }

  private mac(...parts: string[]): string {
    return createHmac('sha256', this.key).update(parts.join('\u0000')).digest('hex');
  }

  private loginKey(centreId: string | null, login: string): string {
    return this.mac(centreId ?? 'operator', login.trim().toLowerCase());
  }

  /** The counter for this login at a centre (`null`: the operator's login) from this address. */
  guard(centreId: string | null, login: string, ip: string | undefined): LoginGuard {
    const loginKey = this.loginKey(centreId, login);
    return { id: this.mac(loginKey, clientNetwork(ip)), loginKey, centreId };
  }

  async isLocked(guard: LoginGuard, now = new Date()): Promise<boolean> {
    const row = await this.dataSource
      .getRepository(LoginThrottleEntry)
      .findOne({ where: { id: guard.id }, select: { id: true, failedLogins: true, lockedUntil: true } });
    return !!row && isLocked(row, now);
  }

  async recordFailure(guard: LoginGuard, now = new Date()): Promise<void> {
    const manager = this.dataSource.manager;
    await manager
      .createQueryBuilder()
      .insert()
      .into(LoginThrottleEntry)
      .values({ id: guard.id, loginKey: guard.loginKey, centreId: guard.centreId, failedLogins: 0, lockedUntil: null, updatedAt: now })
      .orIgnore()
      .execute();
    await recordFailure(manager, LoginThrottleEntry, guard.id, now, { updatedAt: now });
  }

  /** A successful login starts the count afresh. */
  async clear(guard: LoginGuard): Promise<void> {
    await this.dataSource.getRepository(LoginThrottleEntry).delete({ id: guard.id });
  }

  /** A new password lifts the locks of the person's logins, from every address. */
  async clearLogins(centreId: string | null, logins: (string | null | undefined)[], manager = this.dataSource.manager): Promise<void> {
    const keys = logins.filter((l): l is string => !!l).map((l) => this.loginKey(centreId, l));
    if (keys.length > 0) await manager.delete(LoginThrottleEntry, { loginKey: In(keys) });
  }

  /** Counters without a lock in force and without a failure for a day are dropped. */
  @Cron(CronExpression.EVERY_HOUR)
  async purge(now = new Date()): Promise<number> {
    const result = await this.dataSource
      .getRepository(LoginThrottleEntry)
      .createQueryBuilder()
      .delete()
      .where({ updatedAt: LessThan(new Date(now.getTime() - FORGET_FAILURES_HOURS * 3_600_000)) })
      .andWhere(new Brackets((q) => q.where('lockedUntil IS NULL').orWhere('lockedUntil <= :now', { now })))
      .execute();
    const removed = result.affected ?? 0;
    if (removed > 0) this.logger.debug(`Forgot ${removed} login failure counter(s)`);
    return removed;
  }
}
