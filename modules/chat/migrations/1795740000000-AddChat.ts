import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

import { schema } from '#kernel';

const { binary, cascadeFk, centreFk, datetime, id, ref, setNullFk, varchar } = schema;

/** Module `chat`: rooms, participants with read state, messages. */
export class AddChat1795740000000 implements MigrationInterface {
  name = 'AddChat1795740000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'chat_room',
        columns: [
          id(),
          ref('centreId'),
          ref('counsellorId'),
          binary(queryRunner, 'sealedName'),
          binary(queryRunner, 'sealedAgreedTime', true),
          datetime('createdAt'),
          datetime('lastMessageAt', true),
        ],
        indices: [{ name: 'IDX_chat_room_counsellor', columnNames: ['centreId', 'counsellorId'] }],
        foreignKeys: [centreFk(), cascadeFk('counsellorId', 'user_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'chat_participant',
        columns: [
          { ...ref('roomId'), isPrimary: true },
          { ...ref('userId'), isPrimary: true },
          ref('centreId'),
          varchar('role', 16),
          ref('lastReadMessageId', true),
          datetime('joinedAt'),
        ],
        indices: [{ name: 'IDX_chat_participant_user', columnNames: ['centreId', 'userId'] }],
        foreignKeys: [centreFk(), cascadeFk('roomId', 'chat_room'), cascadeFk('userId', 'user_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'chat_message',
        columns: [id(), ref('centreId'), ref('roomId'), ref('authorId', true), varchar('authorRole', 16), binary(queryRunner, 'sealedText'), datetime('createdAt')],
        indices: [
          { name: 'IDX_chat_message_room', columnNames: ['roomId', 'id'] },
          { name: 'IDX_chat_message_author', columnNames: ['centreId', 'authorId'] },
        ],
        foreignKeys: [centreFk(), cascadeFk('roomId', 'chat_room'), setNullFk('authorId', 'user_account')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['chat_message', 'chat_participant', 'chat_room']) await queryRunner.dropTable(table);
  }
}
