import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

import { schema } from '#kernel';

const { binary, bool, cascadeFk, centreFk, datetime, id, int, ref, varchar } = schema;

/** Module `scheduling`: counsellors' profiles and photos, windows, blocks, bookings. */
export class AddScheduling1795760000000 implements MigrationInterface {
  name = 'AddScheduling1795760000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'scheduling_profile',
        columns: [
          { ...ref('counsellorId'), isPrimary: true },
          ref('centreId'),
          int('minNoticeHours', 12),
          int('horizonDays', 60),
          bool('teamVisible'),
          bool('hiddenByAdmin'),
          binary(queryRunner, 'sealedBio', true),
          bool('crisisActive'),
          datetime('crisisUntil', true),
          int('crisisCount', 0),
          datetime('updatedAt'),
        ],
        foreignKeys: [centreFk(), cascadeFk('counsellorId', 'user_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'scheduling_photo',
        columns: [{ ...ref('counsellorId'), isPrimary: true }, ref('centreId'), varchar('mimeType', 16), binary(queryRunner, 'sealedData'), datetime('updatedAt')],
        foreignKeys: [centreFk(), cascadeFk('counsellorId', 'user_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'scheduling_window',
        columns: [
          id(),
          ref('centreId'),
          ref('counsellorId'),
          varchar('kind', 8),
          datetime('startsAt', true),
          datetime('endsAt', true),
          { ...int('weekday'), isNullable: true },
          varchar('fromTime', 5, true),
          varchar('toTime', 5, true),
          varchar('validFrom', 10, true),
          varchar('validUntil', 10, true),
          int('slotMinutes'),
          int('bufferMinutes'),
          varchar('contactTypes', 200),
          datetime('createdAt'),
        ],
        indices: [{ name: 'IDX_scheduling_window_counsellor', columnNames: ['centreId', 'counsellorId'] }],
        foreignKeys: [centreFk(), cascadeFk('counsellorId', 'user_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'scheduling_block',
        columns: [id(), ref('centreId'), ref('counsellorId'), varchar('fromDate', 10), varchar('untilDate', 10), datetime('createdAt')],
        indices: [{ name: 'IDX_scheduling_block_counsellor', columnNames: ['centreId', 'counsellorId'] }],
        foreignKeys: [centreFk(), cascadeFk('counsellorId', 'user_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'scheduling_booking',
        columns: [
          id(),
          ref('centreId'),
          ref('counsellorId'),
          ref('clientId'),
          datetime('startsAt'),
          datetime('endsAt'),
          varchar('contactType', 32),
          binary(queryRunner, 'sealedNote', true),
          varchar('status', 16),
          varchar('cancelledBy', 16, true),
          varchar('slotKey', 80, true),
          int('sequence', 0),
          varchar('meetingUrl', 500, true),
          datetime('remindedAt', true),
          datetime('createdAt'),
          datetime('updatedAt'),
        ],
        indices: [
          { name: 'UQ_scheduling_booking_slot', columnNames: ['slotKey'], isUnique: true },
          { name: 'IDX_scheduling_booking_counsellor', columnNames: ['centreId', 'counsellorId', 'startsAt'] },
          { name: 'IDX_scheduling_booking_client', columnNames: ['centreId', 'clientId', 'startsAt'] },
          { name: 'IDX_scheduling_booking_reminder', columnNames: ['status', 'startsAt'] },
        ],
        foreignKeys: [centreFk(), cascadeFk('counsellorId', 'user_account'), cascadeFk('clientId', 'user_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'scheduling_client',
        columns: [{ ...ref('clientId'), isPrimary: true }, ref('centreId')],
        foreignKeys: [centreFk(), cascadeFk('clientId', 'user_account')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['scheduling_client', 'scheduling_booking', 'scheduling_block', 'scheduling_window', 'scheduling_photo', 'scheduling_profile']) await queryRunner.dropTable(table);
  }
}
