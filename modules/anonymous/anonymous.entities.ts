import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

import { CascadeRef, CentreIdColumn, DateColumn, NullableRef, SealedColumn } from '#kernel';

/** A centre's choices for the module: emergency numbers, how long topic chats are kept. */
@Entity('anonymous_settings')
export class AnonymousSettings {
  @CentreIdColumn({ primary: true })
  centreId!: string;

  /** JSON: `EmergencyNumber[]` (the centre's public numbers, no personal data). */
  @Column({ type: 'text' })
  emergencyNumbers!: string;

  @Column({ type: 'int', default: 0 })
  topicRetentionDays!: number;

  @DateColumn()
  updatedAt!: Date;
}

/** A counsellor staffing the live chat: until when, and how many visitors at once. */
@Entity('anonymous_duty')
@Index('IDX_anonymous_duty_centre', ['centreId', 'until'])
export class AnonymousDuty {
  @CascadeRef('UserAccount', { primary: true })
  counsellorId!: string;

  @CentreIdColumn()
  centreId!: string;

  @DateColumn()
  until!: Date;

  @Column({ type: 'int' })
  capacity!: number;

  @DateColumn()
  startedAt!: Date;

  /** When a visitor was last given to them: among equally free counsellors, the longest idle comes first. */
  @DateColumn()
  lastAssignedAt!: Date;
}

/**
 * Someone in a guest session, as this module knows them: the guest session's principal id, a
 * pseudonym (sealed), whether a counsellor blocked them. No address, no name, no network. The
 * row (and with it their live chat and topic memberships) goes when the session ends or idles out.
 */
@Entity('anonymous_visitor')
@Index('IDX_anonymous_visitor_seen', ['lastSeenAt'])
export class AnonymousVisitor {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @CentreIdColumn()
  centreId!: string;

  @SealedColumn()
  sealedPseudonym!: Buffer;

  @Column({ type: 'boolean', default: false })
  blocked!: boolean;

  @DateColumn()
  createdAt!: Date;

  @DateColumn()
  lastSeenAt!: Date;
}

/**
 * A live chat: waiting in the queue, then 1:1 with a counsellor. Erased (row and lines) when it
 * ends — unless the visitor registered from it: then it waits for the confirmation (`pending…`)
 * and becomes the start of their case (`caseId`, `clientId`), no longer tied to the session.
 */
@Entity('anonymous_chat')
@Index('IDX_anonymous_chat_queue', ['centreId', 'status', 'queuedAt'])
@Index('IDX_anonymous_chat_counsellor', ['counsellorId', 'status'])
@Index('IDX_anonymous_chat_case', ['caseId'])
export class AnonymousChat {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @CentreIdColumn()
  centreId!: string;

  @CascadeRef('AnonymousVisitor', { nullable: true })
  visitorId!: string | null;

  @NullableRef('UserAccount')
  counsellorId!: string | null;

  @Column({ type: 'varchar', length: 12 })
  status!: 'waiting' | 'active' | 'ended';

  /** The visitor's pseudonym when the chat began (the transcript keeps it). */
  @SealedColumn()
  sealedPseudonym!: Buffer;

  @DateColumn()
  queuedAt!: Date;

  @DateColumn({ nullable: true })
  acceptedAt!: Date | null;

  @DateColumn({ nullable: true })
  endedAt!: Date | null;

  @DateColumn({ nullable: true })
  offeredAt!: Date | null;

  /** The registration sent from the chat, until it is confirmed (it goes with the registration). */
  @CascadeRef('UserAccount', { nullable: true })
  pendingAccountId!: string | null;

  @CascadeRef('UserAccount', { nullable: true })
  clientId!: string | null;

  @CascadeRef('CounsellingCase', { nullable: true })
  caseId!: string | null;

  /** The case period the conversation belongs to (the counsellor's), for the kernel's content rules. */
  @NullableRef('CasePeriod')
  periodId!: string | null;
}

/** A line of a live chat; the text sealed with the centre's key. UUIDv7 ids sort by time. */
@Entity('anonymous_line')
@Index('IDX_anonymous_line_chat', ['chatId', 'id'])
@Index('IDX_anonymous_line_author', ['centreId', 'counsellorId'])
export class AnonymousLine {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @CentreIdColumn()
  centreId!: string;

  @CascadeRef('AnonymousChat')
  chatId!: string;

  @Column({ type: 'varchar', length: 10 })
  author!: 'visitor' | 'counsellor';

  @NullableRef('UserAccount')
  counsellorId!: string | null;

  @SealedColumn()
  sealedText!: Buffer;

  @DateColumn()
  createdAt!: Date;
}

/** An announced topic chat: public title and text (the centre's words), a window, its host. */
@Entity('anonymous_topic')
@Index('IDX_anonymous_topic_centre', ['centreId', 'endsAt'])
export class AnonymousTopic {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @CentreIdColumn()
  centreId!: string;

  @CascadeRef('UserAccount')
  hostId!: string;

  @Column({ type: 'varchar', length: 120 })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @DateColumn()
  startsAt!: Date;

  @DateColumn()
  endsAt!: Date;

  /** When it ended: closed early by its host, or at the end of its window (set by the sweep). */
  @DateColumn({ nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'boolean', default: false })
  closedEarly!: boolean;

  @DateColumn({ nullable: true })
  historyErasedAt!: Date | null;

  @DateColumn()
  createdAt!: Date;
}

/** A visitor in a topic chat, under a nickname (sealed). A removed member stays out. */
@Entity('anonymous_topic_member')
@Index('UQ_anonymous_topic_member', ['topicId', 'visitorId'], { unique: true })
export class AnonymousTopicMember {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @CentreIdColumn()
  centreId!: string;

  @CascadeRef('AnonymousTopic')
  topicId!: string;

  @CascadeRef('AnonymousVisitor')
  visitorId!: string;

  @SealedColumn()
  sealedNickname!: Buffer;

  @Column({ type: 'boolean', default: false })
  removed!: boolean;

  @DateColumn()
  joinedAt!: Date;
}

/** A line of a topic chat: a member's (`memberId`) or the host's (none). */
@Entity('anonymous_topic_line')
@Index('IDX_anonymous_topic_line_topic', ['topicId', 'id'])
export class AnonymousTopicLine {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @CentreIdColumn()
  centreId!: string;

  @CascadeRef('AnonymousTopic')
  topicId!: string;

  @Column({ type: 'varchar', length: 10 })
  author!: 'visitor' | 'host';

  /** The member who wrote it; cleared when their session is gone (the line stays for the others). */
  @NullableRef('AnonymousTopicMember')
  memberId!: string | null;

  @SealedColumn()
  sealedText!: Buffer;

  @DateColumn()
  createdAt!: Date;
}

export const pseudonymAad = (visitorId: string) => ({ table: 'anonymous_visitor', id: visitorId, column: 'pseudonym' });
export const chatPseudonymAad = (chatId: string) => ({ table: 'anonymous_chat', id: chatId, column: 'pseudonym' });
export const lineAad = (lineId: string) => ({ table: 'anonymous_line', id: lineId, column: 'text' });
export const nicknameAad = (memberId: string) => ({ table: 'anonymous_topic_member', id: memberId, column: 'nickname' });
export const topicLineAad = (lineId: string) => ({ table: 'anonymous_topic_line', id: lineId, column: 'text' });
