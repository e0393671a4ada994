import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CryptoService } from '../../src/crypto/crypto.service.js';
import { CentreKey } from '../../src/crypto/centre-key.entity.js';
import { DecryptionError } from '../../src/crypto/envelope.js';
import { MasterKeyring, parseMasterKey } from '../../src/crypto/master-keyring.js';
import { UserAccount } from '../../src/identity/accounts/user-account.entity.js';
import { createAccount, createCentre } from '../factories/centres.js';
import { databaseContains } from '../support/db-scan.js';
import { redisAvailable, TEST_REDIS_URL } from '../support/redis.js';
import { startTestApp, type TestApp, withTwoInstances } from '../support/test-app.js';

describe('encryption at rest', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('stores a sealed text nowhere in plain, and only its own centre and row can open it', async () => {
    const a = await createCentre(t);
    const b = await createCentre(t);
    const unique = `zebra-${randomBytes(6).toString('hex')}@example.org`;
    const account = await createAccount(t, a.id, 'counsellor', { email: unique, displayName: `Fr. ${unique}` });
    const neighbour = await createAccount(t, a.id, 'counsellor');

    expect(await databaseContains(t, unique)).toBe(false);
    // The scan itself works: an unsealed value (the slug) is found.
    expect(await databaseContains(t, a.slug)).toBe(true);

    const crypto = t.app.get(CryptoService);
    const row = await t.dataSource.getRepository(UserAccount).findOneByOrFail({ id: account.id });
    const aad = { table: 'user_account', id: account.id, column: 'email' };
    expect((await crypto.openText(a.id, aad, row.sealedEmail)).toString()).toBe(unique);
    await expect(crypto.open(b.id, aad, row.sealedEmail)).rejects.toThrow(DecryptionError);
    await expect(crypto.open(a.id, { ...aad, id: neighbour.id }, row.sealedEmail)).rejects.toThrow(DecryptionError);
    await expect(crypto.open(a.id, { ...aad, column: 'displayName' }, row.sealedEmail)).rejects.toThrow(DecryptionError);
  });

  it("cannot open a deleted centre's data: the keys are gone with it", async () => {
    const a = await createCentre(t);
    const account = await createAccount(t, a.id, 'counsellor');
    const row = await t.dataSource.getRepository(UserAccount).findOneByOrFail({ id: account.id });
    const operator = await t.operator();
    expect((await operator.delete(`/api/v1/platform/centres/${a.slug}`)).status).toBe(204);
    expect(await t.dataSource.getRepository(CentreKey).countBy({ centreId: a.id })).toBe(0);
    await expect(
      t.app.get(CryptoService).open(a.id, { table: 'user_account', id: account.id, column: 'email' }, row.sealedEmail),
    ).rejects.toThrow(DecryptionError);
  });

  it('rotates a data key: new values use the new version, old ones stay readable', async () => {
    const a = await createCentre(t);
    const crypto = t.app.get(CryptoService);
    const aad = { table: 'probe', id: 'r1' };
    const before = await crypto.seal(a.id, aad, 'vorher');
    expect(await crypto.rotateCentreKey(a.id)).toBe(2);
    const after = await crypto.seal(a.id, aad, 'nachher');
    expect(after.readUInt32BE(1)).toBe(2);
    expect(before.readUInt32BE(1)).toBe(1);
    expect((await crypto.openText(a.id, aad, before)).toString()).toBe('vorher');
    expect((await crypto.openText(a.id, aad, after)).toString()).toBe('nachher');
    // Blind indexes survive rotation, so logins keep working.
    const account = await createAccount(t, a.id, 'client', { username: 'nach-rotation' });
    const res = await t.client().post(`/api/v1/centres/${a.slug}/auth/login`, { login: 'nach-rotation', password: account.password });
    expect(res.status).toBe(200);
  });

  it('re-wraps every data key under a new master key while old and new are both configured', async () => {
    const a = await createCentre(t);
    const current = t.app.get(MasterKeyring).current;
    const sealed = await t.app.get(CryptoService).seal(a.id, { table: 'probe', id: 'm1' }, 'Inhalt');

    const next = parseMasterKey(randomBytes(32).toString('base64'));
    const during = new CryptoService(t.dataSource, new MasterKeyring(next, [current]));
    const result = await during.rewrapAll();
    expect(result.rewrapped).toBe(result.total);
    const kekIds = new Set((await t.dataSource.getRepository(CentreKey).find()).map((k) => k.kekId));
    expect([...kekIds]).toEqual([next.id]);

    // Afterwards the old master key can go: the new one alone opens everything.
    const after = new CryptoService(t.dataSource, new MasterKeyring(next));
    expect((await after.openText(a.id, { table: 'probe', id: 'm1' }, sealed)).toString()).toBe('Inhalt');
    const oldOnly = new CryptoService(t.dataSource, new MasterKeyring(current));
    await expect(oldOnly.open(a.id, { table: 'probe', id: 'm1' }, sealed)).rejects.toThrow(DecryptionError);
    // Put the running app's key back for the other tests.
    await new CryptoService(t.dataSource, new MasterKeyring(current, [next])).rewrapAll();
  });
});

describe.runIf(await redisAvailable())('key rotation across two instances through Redis', () => {
  it('an instance that had the old keys cached opens at once what the other sealed with the new one', async () => {
    await withTwoInstances(TEST_REDIS_URL, async (first, second) => {
      const centre = await createCentre(first, { slug: `rot-${randomBytes(4).toString('hex')}` });
      const aad = { table: 'test', id: 'row-1', column: 'text' };
      expect((await second.app.get(CryptoService).forCentre(centre.id)).hasVersion(2)).toBe(false);
      expect(await first.app.get(CryptoService).rotateCentreKey(centre.id)).toBe(2);
      const sealed = (await first.app.get(CryptoService).forCentre(centre.id)).seal(aad, 'nach der Rotation');
      await expect.poll(async () => (await second.app.get(CryptoService).forCentre(centre.id)).hasVersion(2), { timeout: 3000 }).toBe(true);
      expect((await second.app.get(CryptoService).forCentre(centre.id)).openText(aad, sealed)).toBe('nach der Rotation');
    });
  });
});
