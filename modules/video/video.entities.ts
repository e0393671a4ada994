import { Column, Entity, Index } from 'typeorm';

import { CascadeRef, CentreIdColumn, DateColumn, IdColumn, SealedColumn } from '#kernel';

/**
 * A centre's own Jitsi settings (the server's JITSI_* defaults apply without them). The app
 * secret signs every access token, so it is sealed with the centre's key.
 */
@Entity('video_settings')
export class VideoSettings {
  @CentreIdColumn({ primary: true })
  centreId!: string;

  @Column({ type: 'varchar', length: 255 })
  domain!: string;

  @Column({ type: 'varchar', length: 100 })
  appId!: string;

  @SealedColumn()
  sealedSecret!: Buffer;

  @DateColumn()
  updatedAt!: Date;
}

/**
 * A counsellor's persistent video room. Its name at Jitsi is random (160 bits from the CSPRNG)
 * and unrelated to its display name, which is sealed. The room goes with its counsellor.
 */
@Entity('video_room')
@Index('IDX_video_room_counsellor', ['centreId', 'counsellorId'])
@Index('UQ_video_room_jitsi', ['jitsiRoom'], { unique: true })
export class VideoRoom {
  @IdColumn({ primary: true })
  id!: string;

  @CentreIdColumn()
  centreId!: string;

  @CascadeRef('UserAccount')
  counsellorId!: string;

  @SealedColumn()
  sealedName!: Buffer;

  @Column({ type: 'varchar', length: 64 })
  jitsiRoom!: string;

  @Column({ type: 'boolean', default: true })
  lobby!: boolean;

  @Column({ type: 'boolean', default: false })
  startMuted!: boolean;

  @Column({ type: 'boolean', default: false })
  audioOnly!: boolean;

  @Column({ type: 'boolean', default: false })
  guestsAllowed!: boolean;

  @DateColumn()
  createdAt!: Date;

  /** The counsellor's call page last said they are in the call (heartbeat); null when they left. */
  @DateColumn({ nullable: true })
  hostSeenAt!: Date | null;

  /** What the counsellor's call page last said is in force: end-to-end encryption, or transport only. */
  @Column({ type: 'boolean', default: false })
  hostE2ee!: boolean;
}

/** A client invited to a room. */
@Entity('video_invitee')
@Index('IDX_video_invitee_user', ['centreId', 'userId'])
export class VideoInvitee {
  @CascadeRef('VideoRoom', { primary: true })
  roomId!: string;

  @CascadeRef('UserAccount', { primary: true })
  userId!: string;

  @CentreIdColumn()
  centreId!: string;

  @DateColumn()
  invitedAt!: Date;
}

/** The counsellor's own note on a room, sealed; nobody else reads it. */
@Entity('video_note')
export class VideoNote {
  @CascadeRef('VideoRoom', { primary: true })
  roomId!: string;

  @CentreIdColumn()
  centreId!: string;

  @CascadeRef('UserAccount')
  authorId!: string;

  @SealedColumn()
  sealedText!: Buffer;

  @DateColumn()
  updatedAt!: Date;
}

/**
 * A link for a guest without an account. Found by the SHA-256 of its 256-bit token; the token
 * itself is kept sealed so the counsellor can copy the link again.
 */
@Entity('video_guest_link')
@Index('UQ_video_guest_link_token', ['tokenHash'], { unique: true })
@Index('IDX_video_guest_link_room', ['roomId'])
export class VideoGuestLink {
  @IdColumn({ primary: true })
  id!: string;

  @CentreIdColumn()
  centreId!: string;

  @CascadeRef('VideoRoom')
  roomId!: string;

  @Column({ type: 'varchar', length: 64 })
  tokenHash!: string;

  @SealedColumn()
  sealedToken!: Buffer;

  @SealedColumn({ nullable: true })
  sealedLabel!: Buffer | null;

  @DateColumn()
  createdAt!: Date;

  @DateColumn()
  expiresAt!: Date;
}

/** A client's consent to video counselling: which version of the text, and when. */
@Entity('video_consent')
export class VideoConsent {
  @CascadeRef('UserAccount', { primary: true })
  userId!: string;

  @CentreIdColumn()
  centreId!: string;

  @Column({ type: 'varchar', length: 32 })
  version!: string;

  @DateColumn()
  acceptedAt!: Date;
}

export const roomNameAad = (id: string) => ({ table: 'video_room', id, column: 'name' });
export const noteAad = (roomId: string) => ({ table: 'video_note', id: roomId, column: 'text' });
export const guestTokenAad = (id: string) => ({ table: 'video_guest_link', id, column: 'token' });
export const guestLabelAad = (id: string) => ({ table: 'video_guest_link', id, column: 'label' });
export const secretAad = (centreId: string) => ({ table: 'video_settings', id: centreId, column: 'secret' });
