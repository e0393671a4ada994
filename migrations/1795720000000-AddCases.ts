import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';

import { binary, bool, cascadeFk, centreFk, datetime, id, ref, setNullFk, varchar } from '../src/database/migration-columns.js';

/** Kernel cases: a client (or a group) with one current counsellor, in counsellor periods; absences. */
export class AddCases1795720000000 implements MigrationInterface {
  name = 'AddCases1795720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'counselling_case',
        columns: [
          id(),
          ref('centreId'),
          varchar('kind', 16),
          varchar('status', 16),
          ref('counsellorId', true),
          binary(queryRunner, 'sealedTitle', true),
          varchar('topic', 32, true),
          varchar('ageGroup', 16, true),
          varchar('postcode', 10, true),
          varchar('preferredContact', 16, true),
          datetime('createdAt'),
          datetime('updatedAt'),
          datetime('lastActivityAt'),
        ],
        indices: [
          { name: 'IDX_case_centre_status', columnNames: ['centreId', 'status'] },
          { name: 'IDX_case_counsellor', columnNames: ['counsellorId'] },
        ],
        foreignKeys: [centreFk(), setNullFk('counsellorId', 'user_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'case_member',
        columns: [{ ...ref('caseId'), isPrimary: true }, { ...ref('userId'), isPrimary: true }, ref('centreId'), datetime('joinedAt')],
        indices: [{ name: 'IDX_case_member_user', columnNames: ['userId'] }],
        foreignKeys: [centreFk(), cascadeFk('caseId', 'counselling_case'), cascadeFk('userId', 'user_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'case_period',
        // The intake period (before any assignment) has no counsellor; the first assignment claims it.
        columns: [id(), ref('caseId'), ref('centreId'), ref('counsellorId', true), datetime('startedAt'), datetime('endedAt', true)],
        indices: [{ name: 'IDX_case_period_case', columnNames: ['caseId', 'counsellorId'] }],
        foreignKeys: [centreFk(), cascadeFk('caseId', 'counselling_case'), cascadeFk('counsellorId', 'user_account')],
      }),
    );
    // The absence assistant: a counsellor (or the admin for them) says they are away, with a text for clients.
    await queryRunner.createTable(
      new Table({
        name: 'counsellor_absence',
        columns: [
          { ...ref('userId'), isPrimary: true },
          ref('centreId'),
          bool('enabled'),
          binary(queryRunner, 'sealedText', true),
          bool('setByAdmin'),
          datetime('updatedAt'),
        ],
        foreignKeys: [centreFk(), cascadeFk('userId', 'user_account')],
      }),
    );
    await queryRunner.addColumn('user_account', new TableColumn({ ...varchar('notifyMode', 8), default: "'each'" }));
    await queryRunner.addColumn('user_account', new TableColumn(datetime('digestPendingSince', true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('user_account', 'digestPendingSince');
    await queryRunner.dropColumn('user_account', 'notifyMode');
    await queryRunner.dropTable('counsellor_absence');
    await queryRunner.dropTable('case_period');
    await queryRunner.dropTable('case_member');
    await queryRunner.dropTable('counselling_case');
  }
}
