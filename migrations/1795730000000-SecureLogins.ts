import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';

import { binary, cascadeFk, centreFk, datetime, id, int, ref, varchar } from '../src/database/migration-columns.js';

/**
 * Failed logins counted per login as typed and per client address (not per account, so a lock
 * neither links a username to an address nor locks the owner out from elsewhere); two-factor
 * login for the operator with its own recovery codes.
 */
export class SecureLogins1795730000000 implements MigrationInterface {
  name = 'SecureLogins1795730000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'login_throttle',
        columns: [
          { ...varchar('id', 64), isPrimary: true },
          varchar('loginKey', 64),
          ref('centreId', true),
          int('failedLogins', 0),
          datetime('lockedUntil', true),
          datetime('updatedAt'),
        ],
        indices: [
          { name: 'IDX_login_throttle_login', columnNames: ['loginKey'] },
          { name: 'IDX_login_throttle_updated', columnNames: ['updatedAt'] },
        ],
        foreignKeys: [centreFk()],
      }),
    );
    await queryRunner.addColumns('operator_account', [
      new TableColumn(binary(queryRunner, 'sealedTotpSecret', true)),
      new TableColumn(varchar('totpKeyId', 16, true)),
      new TableColumn(datetime('totpEnabledAt', true)),
      new TableColumn({ ...int('totpLastStep'), isNullable: true }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'operator_recovery_code',
        columns: [id(), ref('operatorId'), varchar('codeHash', 64), datetime('createdAt')],
        indices: [{ name: 'IDX_operator_recovery_operator', columnNames: ['operatorId'] }],
        foreignKeys: [cascadeFk('operatorId', 'operator_account')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('operator_recovery_code');
    for (const column of ['totpLastStep', 'totpEnabledAt', 'totpKeyId', 'sealedTotpSecret']) {
      await queryRunner.dropColumn('operator_account', column);
    }
    await queryRunner.dropTable('login_throttle');
  }
}
