import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

import { binary, bool, cascadeFk, centreFk, datetime, id, int, longText, ref, text, varchar } from '../src/database/migration-columns.js';

export class CreateKernel1795703400000 implements MigrationInterface {
  name = 'CreateKernel1795703400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'centre',
        columns: [
          id(),
          varchar('slug', 63),
          varchar('name', 200),
          text('modules', false),
          bool('suspended'),
          longText(queryRunner, 'imprint'),
          longText(queryRunner, 'privacyText'),
          varchar('homepageUrl', 500, true),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
        uniques: [{ name: 'UQ_centre_slug', columnNames: ['slug'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'centre_asset',
        columns: [
          { ...ref('centreId'), isPrimary: true },
          { ...varchar('kind', 16), isPrimary: true },
          varchar('mimeType', 32),
          binary(queryRunner, 'data'),
          varchar('etag', 64),
          datetime('updatedAt'),
        ],
        foreignKeys: [centreFk()],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'centre_key',
        columns: [
          { ...ref('centreId'), isPrimary: true },
          { name: 'version', type: 'integer', isPrimary: true },
          varchar('kekId', 16),
          binary(queryRunner, 'wrappedKey'),
          datetime('createdAt'),
        ],
        foreignKeys: [centreFk()],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'operator_account',
        columns: [
          id(),
          varchar('email', 254),
          varchar('passwordHash', 255),
          int('failedLogins', 0),
          datetime('lockedUntil', true),
          datetime('lastLoginAt', true),
          datetime('createdAt'),
        ],
        uniques: [{ name: 'UQ_operator_email', columnNames: ['email'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'user_account',
        columns: [
          id(),
          ref('centreId'),
          varchar('role', 16),
          varchar('status', 16),
          varchar('emailIndex', 64),
          varchar('usernameIndex', 64, true),
          binary(queryRunner, 'sealedEmail'),
          binary(queryRunner, 'sealedUsername', true),
          binary(queryRunner, 'sealedDisplayName', true),
          varchar('passwordHash', 255, true),
          { ...varchar('locale', 5), default: "'de'" },
          int('failedLogins', 0),
          datetime('lockedUntil', true),
          datetime('emailConfirmedAt', true),
          datetime('lastLoginAt', true),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
        indices: [
          { name: 'UQ_user_email', columnNames: ['centreId', 'emailIndex'], isUnique: true },
          { name: 'UQ_user_username', columnNames: ['centreId', 'usernameIndex'], isUnique: true },
          { name: 'IDX_user_role', columnNames: ['centreId', 'role'] },
        ],
        foreignKeys: [centreFk()],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'account_token',
        columns: [
          { ...varchar('tokenHash', 64), isPrimary: true },
          ref('centreId'),
          ref('userId'),
          varchar('purpose', 24),
          datetime('expiresAt'),
          datetime('createdAt'),
        ],
        indices: [{ name: 'IDX_token_user', columnNames: ['userId', 'purpose'] }],
        foreignKeys: [
          centreFk(),
          cascadeFk('userId', 'user_account'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'session',
        columns: [
          { ...varchar('id', 64), isPrimary: true },
          varchar('principalType', 16),
          ref('principalId'),
          varchar('role', 16),
          ref('centreId', true),
          datetime('createdAt'),
          datetime('lastSeenAt'),
          datetime('expiresAt'),
        ],
        indices: [{ name: 'IDX_session_principal', columnNames: ['principalId'] }],
        foreignKeys: [centreFk()],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'audit_event',
        columns: [
          id(),
          ref('centreId', true),
          datetime('at'),
          varchar('actorType', 16),
          ref('actorId', true),
          varchar('action', 64),
          varchar('targetType', 32, true),
          varchar('targetId', 64, true),
          varchar('outcome', 16),
        ],
        indices: [{ name: 'IDX_audit_centre_at', columnNames: ['centreId', 'at'] }],
        foreignKeys: [centreFk()],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['audit_event', 'session', 'account_token', 'user_account', 'operator_account', 'centre_key', 'centre_asset', 'centre']) {
      await queryRunner.dropTable(table);
    }
  }
}
