import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { CascadeRef, CentreIdColumn, DateColumn, NullableRef, SealedColumn } from '#kernel';

/** A counsellor's chat room. Name and agreed time are sealed; the room goes with its counsellor. */
@Entity('chat_room')
@Index('IDX_chat_room_counsellor', ['centreId', 'counsellorId'])
export class ChatRoom {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @CentreIdColumn()
  centreId!: string;

  @CascadeRef('UserAccount')
  counsellorId!: string;

  @SealedColumn()
  sealedName!: Buffer;

  @SealedColumn({ nullable: true })
  sealedAgreedTime!: Buffer | null;

  @DateColumn()
  createdAt!: Date;

  @DateColumn({ nullable: true })
  lastMessageAt!: Date | null;
}

/** Who is in a room (the counsellor too), and how far they have read. */
@Entity('chat_participant')
@Index('IDX_chat_participant_user', ['centreId', 'userId'])
export class ChatParticipant {
  @CascadeRef('ChatRoom', { primary: true })
  roomId!: string;

  @CascadeRef('UserAccount', { primary: true })
  userId!: string;

  @CentreIdColumn()
  centreId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: 'client' | 'counsellor';

  @Column({ type: 'varchar', length: 36, nullable: true })
  lastReadMessageId!: string | null;

  @DateColumn()
  joinedAt!: Date;
}

/** A chat line; the text is sealed. UUIDv7 ids sort by time (paging, catching up, unread). */
@Entity('chat_message')
@Index('IDX_chat_message_room', ['roomId', 'id'])
@Index('IDX_chat_message_author', ['centreId', 'authorId'])
export class ChatMessage {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @CentreIdColumn()
  centreId!: string;

  @CascadeRef('ChatRoom')
  roomId!: string;

  @NullableRef('UserAccount')
  authorId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  authorRole!: 'client' | 'counsellor';

  @SealedColumn()
  sealedText!: Buffer;

  @DateColumn()
  createdAt!: Date;
}

export const roomNameAad = (id: string) => ({ table: 'chat_room', id, column: 'name' });
export const roomTimeAad = (id: string) => ({ table: 'chat_room', id, column: 'agreedTime' });
export const chatTextAad = (id: string) => ({ table: 'chat_message', id, column: 'text' });
