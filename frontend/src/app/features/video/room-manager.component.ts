import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';

import {
  GUEST_LINK_DEFAULT_DAYS,
  GUEST_LINK_MAX_DAYS,
  MAX_GUEST_LINK_LABEL_LENGTH,
  MAX_VIDEO_NOTE_LENGTH,
  MAX_VIDEO_ROOM_NAME_LENGTH,
  type VideoGuestLinkView,
  type VideoRoomView,
} from '@modules/video/contracts';

import type { PersonRef } from '@contracts/cases';

import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { ActionState } from '../../shared/ui/action-state';
import { ParticipantPickerComponent } from '../../shared/ui/participant-picker.component';
import { RoomOptionsComponent } from './room-options.component';
import { VideoApi } from './video.api';

/**
 * One room, for its counsellor: name, options and invited clients; the note (only theirs);
 * guest links to copy and revoke; deleting the room.
 */
@Component({
  selector: 'bd-video-room-manager',
  imports: [DatePipe, ReactiveFormsModule, TranslatePipe, ParticipantPickerComponent, RoomOptionsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (action.notice(); as n) { <p class="success" role="status">{{ n }}</p> }
    @if (action.error(); as e) { <p class="form-error" role="alert">{{ e }}</p> }

    <details class="card manage-block" open>
      <summary>{{ 'video.manage.settings' | t }}</summary>
      <form [formGroup]="form" (ngSubmit)="save()" novalidate>
        <div class="field">
          <label [for]="'name-' + room().id">{{ 'video.roomName' | t }}</label>
          <input [id]="'name-' + room().id" formControlName="name" [maxlength]="maxName" />
          @if (action.field('name'); as e) { <p class="field-error">{{ e }}</p> }
        </div>
        <bd-video-room-options [idPrefix]="'opt-' + room().id" [(value)]="options" />
        @if (clients().length > 0) {
          <bd-participant-picker [people]="clients()" legend="video.invitees" [idPrefix]="'inv-' + room().id" [(chosen)]="invitees" />
        } @else {
          <p class="hint">{{ 'video.noClients' | t }}</p>
        }
        @if (action.field('inviteeIds'); as e) { <p class="field-error">{{ e }}</p> }
        <button type="submit" class="secondary" [disabled]="action.busy()">{{ 'common.save' | t }}</button>
      </form>
    </details>

    <details class="card manage-block">
      <summary>{{ 'video.note' | t }}</summary>
      <p class="hint">{{ 'video.noteHint' | t }}</p>
      <div class="field">
        <label [for]="'note-' + room().id">{{ 'video.note' | t }}</label>
        <textarea [id]="'note-' + room().id" rows="6" [attr.maxlength]="maxNote" [value]="note()" (input)="note.set($any($event.target).value)"></textarea>
        @if (noteSaved(); as at) { <p class="hint">{{ 'video.noteSavedAt' | t: { at: (at | date: 'dd.MM.yyyy HH:mm') ?? '' } }}</p> }
      </div>
      <button type="button" class="secondary" (click)="saveNote()" [disabled]="action.busy()">{{ 'video.noteSave' | t }}</button>
    </details>

    <details class="card manage-block" [open]="links().length > 0">
      <summary>{{ 'video.guests.title' | t }}</summary>
      @if (!room().options.guestsAllowed) {
        <p class="hint">{{ 'video.guests.off' | t }}</p>
      } @else {
        <p class="hint">{{ 'video.guests.hint' | t }}</p>
        @if (links().length === 0) { <p>{{ 'video.guests.none' | t }}</p> }
        <ul class="guest-links">
          @for (link of links(); track link.id) {
            <li>
              <span class="guest-label">{{ link.label || ('video.guests.unlabelled' | t) }}</span>
              <span class="hint">{{ 'video.guests.until' | t: { date: (link.expiresAt | date: 'dd.MM.yyyy HH:mm') ?? '' } }}</span>
              <label class="visually-hidden" [for]="'url-' + link.id">{{ 'video.guests.url' | t }}</label>
              <input class="guest-url" [id]="'url-' + link.id" readonly [value]="link.url" />
              <span class="button-row">
                <button type="button" class="small" (click)="copy(link)">{{ (copied() === link.id ? 'video.guests.copied' : 'video.guests.copy') | t }}</button>
                <button type="button" class="small secondary" (click)="revoke(link)">{{ 'video.guests.revoke' | t }}</button>
              </span>
            </li>
          }
        </ul>
        <form [formGroup]="linkForm" class="inline-form" (ngSubmit)="issue()" novalidate>
          <div class="field">
            <label [for]="'label-' + room().id">{{ 'video.guests.label' | t }} <span class="hint">({{ 'common.optional' | t }})</span></label>
            <input [id]="'label-' + room().id" formControlName="label" [maxlength]="maxLabel" [placeholder]="'video.guests.labelExample' | t" />
          </div>
          <div class="field">
            <label [for]="'days-' + room().id">{{ 'video.guests.days' | t }}</label>
            <input [id]="'days-' + room().id" type="number" min="1" [max]="maxDays" formControlName="days" />
            @if (action.field('days'); as e) { <p class="field-error">{{ e }}</p> }
          </div>
          <button type="submit" [disabled]="action.busy()">{{ 'video.guests.issue' | t }}</button>
        </form>
      }
    </details>

    <div class="danger-zone card">
      <p>{{ 'video.deleteWarning' | t }}</p>
      @if (confirmDelete()) {
        <div class="button-row">
          <button type="button" class="danger" (click)="remove()">{{ 'video.deleteConfirm' | t }}</button>
          <button type="button" class="secondary" (click)="confirmDelete.set(false)">{{ 'common.cancel' | t }}</button>
        </div>
      } @else {
        <button type="button" class="secondary" (click)="confirmDelete.set(true)">{{ 'video.delete' | t }}</button>
      }
    </div>
  `,
})
export class VideoRoomManagerComponent {
  readonly centre = input.required<string>();
  readonly room = input.required<VideoRoomView>();
  readonly clients = input.required<readonly PersonRef[]>();
  readonly changed = output<VideoRoomView>();
  readonly removed = output<VideoRoomView>();
  private readonly api = inject(VideoApi);
  private readonly i18n = inject(I18n);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly action = new ActionState(this.i18n);
  protected readonly maxName = MAX_VIDEO_ROOM_NAME_LENGTH;
  protected readonly maxNote = MAX_VIDEO_NOTE_LENGTH;
  protected readonly maxLabel = MAX_GUEST_LINK_LABEL_LENGTH;
  protected readonly maxDays = GUEST_LINK_MAX_DAYS;
  protected readonly form = this.fb.group({ name: ['', [Validators.required, Validators.maxLength(MAX_VIDEO_ROOM_NAME_LENGTH)]] });
  protected readonly linkForm = this.fb.group({ label: [''], days: [GUEST_LINK_DEFAULT_DAYS] });
  protected readonly options = signal(this.optionsOf(null));
  protected readonly invitees = signal<ReadonlySet<string>>(new Set());
  protected readonly note = signal('');
  protected readonly noteSaved = signal<string | null>(null);
  protected readonly links = signal<VideoGuestLinkView[]>([]);
  protected readonly copied = signal<string | null>(null);
  protected readonly confirmDelete = signal(false);

  constructor() {
    // The forms follow the room shown, not every refresh of it (which would drop what is typed).
    effect(() => {
      const id = this.room().id;
      untracked(() => {
        const room = this.room();
        this.form.setValue({ name: room.name });
        this.options.set(this.optionsOf(room));
        this.invitees.set(new Set(room.invitees.map((i) => i.id)));
        this.confirmDelete.set(false);
        this.action.clear();
        void this.loadExtras(id);
      });
    });
  }

  private optionsOf(room: VideoRoomView | null) {
    return room ? { ...room.options } : { lobby: true, startMuted: false, audioOnly: false, guestsAllowed: false };
  }

  private async loadExtras(id: string): Promise<void> {
    const [note, links] = await Promise.all([this.api.note(this.centre(), id), this.api.guestLinks(this.centre(), id)]).catch(() => [null, []] as const);
    if (id !== this.room().id) return;
    this.note.set(note?.text ?? '');
    this.noteSaved.set(note?.updatedAt ?? null);
    this.links.set([...links]);
  }

  async save(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    let saved: VideoRoomView | undefined;
    const ok = await this.action.run(async () => {
      saved = await this.api.update(this.centre(), this.room().id, { name: this.form.getRawValue().name, ...this.options(), inviteeIds: [...this.invitees()] });
    }, this.i18n.t('common.saved'));
    if (ok && saved) {
      this.changed.emit(saved);
      if (!saved.options.guestsAllowed) this.links.set([]);
    }
  }

  async saveNote(): Promise<void> {
    await this.action.run(async () => {
      const saved = await this.api.saveNote(this.centre(), this.room().id, this.note());
      this.noteSaved.set(saved.updatedAt);
    }, this.i18n.t('video.noteSaved'));
  }

  async issue(): Promise<void> {
    const { label, days } = this.linkForm.getRawValue();
    const ok = await this.action.run(async () => {
      const link = await this.api.issueGuestLink(this.centre(), this.room().id, { label: label.trim() || null, days: Number(days) });
      this.links.update((list) => [...list, link]);
    }, this.i18n.t('video.guests.issued'));
    if (ok) this.linkForm.reset({ label: '', days: GUEST_LINK_DEFAULT_DAYS });
  }

  async copy(link: VideoGuestLinkView): Promise<void> {
    try {
      await navigator.clipboard.writeText(link.url);
      this.copied.set(link.id);
    } catch {
      // No clipboard (permission, old browser): the field is selected for copying by hand.
      const field = document.getElementById(`url-${link.id}`) as HTMLInputElement | null;
      field?.select();
    }
  }

  async revoke(link: VideoGuestLinkView): Promise<void> {
    if (await this.action.run(() => this.api.revokeGuestLink(this.centre(), this.room().id, link.id), this.i18n.t('video.guests.revoked'))) {
      this.links.update((list) => list.filter((l) => l.id !== link.id));
    }
  }

  async remove(): Promise<void> {
    const room = this.room();
    if (await this.action.run(() => this.api.remove(this.centre(), room.id))) this.removed.emit(room);
  }
}
