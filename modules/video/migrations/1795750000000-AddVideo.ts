import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

import { schema } from '#kernel';

const { binary, bool, cascadeFk, centreFk, datetime, id, ref, varchar } = schema;

/** Module `video`: Jitsi settings per centre, rooms, invitations, notes, guest links, consent. */
export class AddVideo1795750000000 implements MigrationInterface {
  name = 'AddVideo1795750000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'video_settings',
        columns: [
          { ...ref('centreId'), isPrimary: true },
          varchar('domain', 255),
          varchar('appId', 100),
          binary(queryRunner, 'sealedSecret'),
          datetime('updatedAt'),
        ],
        foreignKeys: [centreFk()],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'video_room',
        columns: [
          id(),
          ref('centreId'),
          ref('counsellorId'),
          binary(queryRunner, 'sealedName'),
          varchar('jitsiRoom', 64),
          bool('lobby', true),
          bool('startMuted'),
          bool('audioOnly'),
          bool('guestsAllowed'),
          datetime('createdAt'),
          datetime('hostSeenAt', true),
          bool('hostE2ee'),
        ],
        indices: [
          { name: 'IDX_video_room_counsellor', columnNames: ['centreId', 'counsellorId'] },
          { name: 'UQ_video_room_jitsi', columnNames: ['jitsiRoom'], isUnique: true },
        ],
        foreignKeys: [centreFk(), cascadeFk('counsellorId', 'user_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'video_invitee',
        columns: [{ ...ref('roomId'), isPrimary: true }, { ...ref('userId'), isPrimary: true }, ref('centreId'), datetime('invitedAt')],
        indices: [{ name: 'IDX_video_invitee_user', columnNames: ['centreId', 'userId'] }],
        foreignKeys: [centreFk(), cascadeFk('roomId', 'video_room'), cascadeFk('userId', 'user_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'video_note',
        columns: [{ ...ref('roomId'), isPrimary: true }, ref('centreId'), ref('authorId'), binary(queryRunner, 'sealedText'), datetime('updatedAt')],
        foreignKeys: [centreFk(), cascadeFk('roomId', 'video_room'), cascadeFk('authorId', 'user_account')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'video_guest_link',
        columns: [
          id(),
          ref('centreId'),
          ref('roomId'),
          varchar('tokenHash', 64),
          binary(queryRunner, 'sealedToken'),
          binary(queryRunner, 'sealedLabel', true),
          datetime('createdAt'),
          datetime('expiresAt'),
        ],
        indices: [
          { name: 'UQ_video_guest_link_token', columnNames: ['tokenHash'], isUnique: true },
          { name: 'IDX_video_guest_link_room', columnNames: ['roomId'] },
        ],
        foreignKeys: [centreFk(), cascadeFk('roomId', 'video_room')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'video_consent',
        columns: [{ ...ref('userId'), isPrimary: true }, ref('centreId'), varchar('version', 32), datetime('acceptedAt')],
        foreignKeys: [centreFk(), cascadeFk('userId', 'user_account')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['video_consent', 'video_guest_link', 'video_note', 'video_invitee', 'video_room', 'video_settings']) await queryRunner.dropTable(table);
  }
}
