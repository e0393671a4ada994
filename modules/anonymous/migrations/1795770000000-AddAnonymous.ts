import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

import { schema } from '#kernel';

const { binary, bool, cascadeFk, centreFk, datetime, id, int, ref, setNullFk, text, varchar } = schema;

/** Module `anonymous`: settings, duties, visitors, live chats and their lines, topic chats. */
export class AddAnonymous1795770000000 implements MigrationInterface {
  name = 'AddAnonymous1795770000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'anonymous_settings',
        columns: [{ ...ref('centreId'), isPrimary: true }, text('emergencyNumbers', false), int('topicRetentionDays', 0), datetime('updatedAt')],
        foreignKeys: [centreFk()],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'anonymous_duty',
        columns: [{ ...ref('counsellorId'), isPrimary: true }, ref('centreId'), datetime('until'), int('capacity'), datetime('startedAt'), datetime('lastAssignedAt')],
        indices: [{ name: 'IDX_anonymous_duty_centre', columnNames: ['centreId', 'until'] }],
        foreignKeys: [centreFk(), cascadeFk('counsellorId', 'user_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'anonymous_visitor',
        columns: [id(), ref('centreId'), binary(queryRunner, 'sealedPseudonym'), bool('blocked'), datetime('createdAt'), datetime('lastSeenAt')],
        indices: [{ name: 'IDX_anonymous_visitor_seen', columnNames: ['lastSeenAt'] }],
        foreignKeys: [centreFk()],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'anonymous_chat',
        columns: [
          id(),
          ref('centreId'),
          ref('visitorId', true),
          ref('counsellorId', true),
          varchar('status', 12),
          binary(queryRunner, 'sealedPseudonym'),
          datetime('queuedAt'),
          datetime('acceptedAt', true),
          datetime('endedAt', true),
          datetime('offeredAt', true),
          ref('pendingAccountId', true),
          ref('clientId', true),
          ref('caseId', true),
          ref('periodId', true),
        ],
        indices: [
          { name: 'IDX_anonymous_chat_queue', columnNames: ['centreId', 'status', 'queuedAt'] },
          { name: 'IDX_anonymous_chat_counsellor', columnNames: ['counsellorId', 'status'] },
          { name: 'IDX_anonymous_chat_case', columnNames: ['caseId'] },
        ],
        foreignKeys: [
          centreFk(),
          cascadeFk('visitorId', 'anonymous_visitor'),
          setNullFk('counsellorId', 'user_account'),
          cascadeFk('pendingAccountId', 'user_account'),
          cascadeFk('clientId', 'user_account'),
          cascadeFk('caseId', 'counselling_case'),
          setNullFk('periodId', 'case_period'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'anonymous_line',
        columns: [id(), ref('centreId'), ref('chatId'), varchar('author', 10), ref('counsellorId', true), binary(queryRunner, 'sealedText'), datetime('createdAt')],
        indices: [
          { name: 'IDX_anonymous_line_chat', columnNames: ['chatId', 'id'] },
          { name: 'IDX_anonymous_line_author', columnNames: ['centreId', 'counsellorId'] },
        ],
        foreignKeys: [centreFk(), cascadeFk('chatId', 'anonymous_chat'), setNullFk('counsellorId', 'user_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'anonymous_topic',
        columns: [
          id(),
          ref('centreId'),
          ref('hostId'),
          varchar('title', 120),
          text('description', false),
          datetime('startsAt'),
          datetime('endsAt'),
          datetime('closedAt', true),
          bool('closedEarly'),
          datetime('historyErasedAt', true),
          datetime('createdAt'),
        ],
        indices: [{ name: 'IDX_anonymous_topic_centre', columnNames: ['centreId', 'endsAt'] }],
        foreignKeys: [centreFk(), cascadeFk('hostId', 'user_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'anonymous_topic_member',
        columns: [id(), ref('centreId'), ref('topicId'), ref('visitorId'), binary(queryRunner, 'sealedNickname'), bool('removed'), datetime('joinedAt')],
        indices: [{ name: 'UQ_anonymous_topic_member', columnNames: ['topicId', 'visitorId'], isUnique: true }],
        foreignKeys: [centreFk(), cascadeFk('topicId', 'anonymous_topic'), cascadeFk('visitorId', 'anonymous_visitor')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'anonymous_topic_line',
        columns: [id(), ref('centreId'), ref('topicId'), varchar('author', 10), ref('memberId', true), binary(queryRunner, 'sealedText'), datetime('createdAt')],
        indices: [{ name: 'IDX_anonymous_topic_line_topic', columnNames: ['topicId', 'id'] }],
        foreignKeys: [centreFk(), cascadeFk('topicId', 'anonymous_topic'), setNullFk('memberId', 'anonymous_topic_member')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['anonymous_topic_line', 'anonymous_topic_member', 'anonymous_topic', 'anonymous_line', 'anonymous_chat', 'anonymous_visitor', 'anonymous_duty', 'anonymous_settings']) {
      await queryRunner.dropTable(table);
    }
  }
}
