import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';

import { binary, bool, cascadeFk, centreFk, datetime, id, int, ref, varchar } from '../src/database/migration-columns.js';

/** Registration consent, two-factor login, e-mail change and per-centre 2FA policy. */
export class AddAccountLifecycle1795710000000 implements MigrationInterface {
  name = 'AddAccountLifecycle1795710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('user_account', [
      new TableColumn(datetime('privacyAcceptedAt', true)),
      new TableColumn(binary(queryRunner, 'sealedTotpSecret', true)),
      new TableColumn(datetime('totpEnabledAt', true)),
      new TableColumn({ ...int('totpLastStep'), isNullable: true }),
    ]);
    await queryRunner.addColumn('centre', new TableColumn(bool('staffTwoFactorRequired')));
    await queryRunner.addColumn('account_token', new TableColumn(binary(queryRunner, 'sealedPayload', true)));
    await queryRunner.addColumn('session', new TableColumn(bool('twoFactorSetupPending')));
    await queryRunner.createTable(
      new Table({
        name: 'recovery_code',
        columns: [id(), ref('centreId'), ref('userId'), varchar('codeHash', 64), datetime('createdAt')],
        indices: [{ name: 'IDX_recovery_user', columnNames: ['userId'] }],
        foreignKeys: [centreFk(), cascadeFk('userId', 'user_account')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('recovery_code');
    await queryRunner.dropColumn('session', 'twoFactorSetupPending');
    await queryRunner.dropColumn('account_token', 'sealedPayload');
    await queryRunner.dropColumn('centre', 'staffTwoFactorRequired');
    for (const column of ['totpLastStep', 'totpEnabledAt', 'sealedTotpSecret', 'privacyAcceptedAt']) {
      await queryRunner.dropColumn('user_account', column);
    }
  }
}
