import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

import { schema } from '#kernel';

const { binary, cascadeFk, centreFk, datetime, id, int, ref, setNullFk, varchar } = schema;

/** Module `documents`: the document box's index (the files live in the file store, sealed). */
export class AddDocuments1795730000000 implements MigrationInterface {
  name = 'AddDocuments1795730000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'document',
        columns: [
          id(),
          ref('centreId'),
          ref('caseId'),
          ref('uploaderId', true),
          varchar('uploaderRole', 16),
          ref('periodId', true),
          binary(queryRunner, 'sealedName'),
          int('size'),
          int('pages'),
          datetime('createdAt'),
        ],
        indices: [
          { name: 'IDX_document_case', columnNames: ['caseId', 'id'] },
          { name: 'IDX_document_uploader', columnNames: ['centreId', 'uploaderId'] },
        ],
        foreignKeys: [centreFk(), cascadeFk('caseId', 'counselling_case'), setNullFk('uploaderId', 'user_account'), setNullFk('periodId', 'case_period')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('document');
  }
}
