import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

import { schema } from '#kernel';

const { binary, cascadeFk, centreFk, datetime, id, ref, setNullFk, varchar } = schema;

/** Module `mail`: messages, read state, counsellor notes. */
export class AddMail1795720100000 implements MigrationInterface {
  name = 'AddMail1795720100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'mail_message',
        columns: [
          id(),
          ref('centreId'),
          ref('caseId'),
          ref('authorId', true),
          varchar('authorRole', 16),
          ref('periodId', true),
          binary(queryRunner, 'sealedText'),
          datetime('createdAt'),
        ],
        indices: [
          { name: 'IDX_mail_message_case', columnNames: ['caseId', 'id'] },
          { name: 'IDX_mail_message_author', columnNames: ['centreId', 'authorId'] },
        ],
        foreignKeys: [
          centreFk(),
          cascadeFk('caseId', 'counselling_case'),
          setNullFk('authorId', 'user_account'),
          setNullFk('periodId', 'case_period'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'mail_read',
        columns: [{ ...ref('caseId'), isPrimary: true }, { ...ref('userId'), isPrimary: true }, ref('centreId'), ref('lastReadMessageId'), datetime('updatedAt')],
        foreignKeys: [centreFk(), cascadeFk('caseId', 'counselling_case'), cascadeFk('userId', 'user_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'mail_note',
        columns: [{ ...ref('caseId'), isPrimary: true }, { ...ref('authorId'), isPrimary: true }, ref('centreId'), binary(queryRunner, 'sealedText'), datetime('updatedAt')],
        foreignKeys: [centreFk(), cascadeFk('caseId', 'counselling_case'), cascadeFk('authorId', 'user_account')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['mail_note', 'mail_read', 'mail_message']) await queryRunner.dropTable(table);
  }
}
