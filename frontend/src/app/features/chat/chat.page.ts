import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, type OnInit, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';

import type { ChatMessageView, ChatRoomView } from '@modules/chat/contracts';

import { AuthStore } from '../../core/auth/auth.store';
import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { Realtime } from '../../core/realtime/realtime';
import { ActionState } from '../../shared/ui/action-state';
import { ChatRoomComponent } from './chat-room.component';
import { ChatApi } from './chat.api';
import { LoadFailedComponent } from '../../shared/ui/load-failed.component';
import { ParticipantPickerComponent } from '../../shared/ui/participant-picker.component';

/**
 * Chat: the list of my rooms with unread badges, the open room, and for counsellors the room
 * management (open a room with own clients, rename, agreed time, delete with its history).
 */
@Component({
  selector: 'bd-chat-page',
  imports: [LoadFailedComponent, DatePipe, ParticipantPickerComponent, ReactiveFormsModule, RouterLink, TranslatePipe, ChatRoomComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'chat.title' | t }}</h1>
    @if (action.notice(); as n) { <p class="success" role="status">{{ n }}</p> }
    <div class="inbox">
      <nav class="inbox-list" [class.has-selection]="!!current()" [attr.aria-label]="'chat.rooms' | t">
        @if (rooms(); as list) {
          @if (list.length === 0) { <p class="hint">{{ (isCounsellor() ? 'chat.noRoomsCounsellor' : 'chat.noRooms') | t }}</p> }
          <ul class="case-list">
            @for (r of list; track r.id) {
              <li>
                <a [routerLink]="['/', centre(), 'chat', r.id]" [class.selected]="r.id === current()?.id" [attr.aria-current]="r.id === current()?.id ? 'page' : null">
                  <span class="case-title">{{ r.name }}</span>
                  <span class="case-time">{{ isCounsellor() ? names(r) : r.counsellor.name }}@if (r.lastMessageAt) { · {{ r.lastMessageAt | date: 'dd.MM. HH:mm' }} }</span>
                  @if (r.unread > 0) { <span class="badge" [attr.aria-label]="'common.unread' | t: { count: r.unread }">{{ r.unread }}</span> }
                </a>
              </li>
            }
          </ul>
          @if (isCounsellor()) {
            <details class="group-form" [open]="list.length === 0">
              <summary>{{ 'chat.create' | t }}</summary>
              @if (clients().length === 0) {
                <p class="hint">{{ 'chat.noClients' | t }}</p>
              } @else {
                <form [formGroup]="createForm" (ngSubmit)="create()" novalidate>
                  <div class="field">
                    <label for="room-name">{{ 'chat.roomName' | t }}</label>
                    <input id="room-name" formControlName="name" maxlength="100" />
                  </div>
                  <div class="field">
                    <label for="room-time">{{ 'chat.agreedTime' | t }} <span class="hint">({{ 'common.optional' | t }})</span></label>
                    <input id="room-time" formControlName="agreedTime" maxlength="200" [placeholder]="'chat.agreedTimeExample' | t" />
                  </div>
                  <bd-participant-picker [people]="clients()" legend="chat.participants" idPrefix="chat-member" [(chosen)]="chosen" />
                  @if (action.error(); as e) { <p class="form-error" role="alert">{{ e }}</p> }
                  <button type="submit" [disabled]="action.busy()">{{ 'chat.createSubmit' | t }}</button>
                </form>
              }
            </details>
          }
        } @else {
          @if (loadFailed()) {
            <bd-load-failed (retry)="retry()" />
          } @else {
            <p role="status">{{ 'common.loading' | t }}</p>
          }
        }
      </nav>
      @if (current(); as room) {
        <section class="inbox-thread chat-room">
          <bd-chat-room [centre]="centre()" [room]="room" (read)="markedRead($event)" />
          @if (isOwner(room)) {
            <details class="notes-panel">
              <summary>{{ 'chat.manage' | t }}</summary>
              <form [formGroup]="editForm" (ngSubmit)="save(room)" novalidate>
                <div class="field">
                  <label for="edit-name">{{ 'chat.roomName' | t }}</label>
                  <input id="edit-name" formControlName="name" maxlength="100" />
                </div>
                <div class="field">
                  <label for="edit-time">{{ 'chat.agreedTime' | t }}</label>
                  <input id="edit-time" formControlName="agreedTime" maxlength="200" [placeholder]="'chat.agreedTimeExample' | t" />
                </div>
                <button type="submit" class="secondary" [disabled]="action.busy()">{{ 'common.save' | t }}</button>
              </form>
              <div class="danger-zone card">
                <p>{{ 'chat.deleteWarning' | t }}</p>
                @if (confirmDelete()) {
                  <div class="button-row">
                    <button type="button" class="danger" (click)="remove(room)">{{ 'chat.deleteConfirm' | t }}</button>
                    <button type="button" class="secondary" (click)="confirmDelete.set(false)">{{ 'common.cancel' | t }}</button>
                  </div>
                } @else {
                  <button type="button" class="secondary" (click)="confirmDelete.set(true)">{{ 'chat.delete' | t }}</button>
                }
              </div>
            </details>
          }
        </section>
      } @else if ((rooms()?.length ?? 0) > 0) {
        <p class="hint inbox-thread">{{ 'chat.pickRoom' | t }}</p>
      }
    </div>
  `,
})
export class ChatPage implements OnInit {
  readonly centre = input.required<string>();
  readonly roomId = input<string>();
  private readonly api = inject(ChatApi);
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18n);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly action = new ActionState(this.i18n);
  protected readonly rooms = signal<ChatRoomView[] | null>(null);
  protected readonly clients = signal<{ id: string; name: string }[]>([]);
  protected readonly chosen = signal<ReadonlySet<string>>(new Set());
  protected readonly confirmDelete = signal(false);
  protected readonly isCounsellor = computed(() => this.auth.me()?.role === 'counsellor');
  protected readonly current = computed(() => (this.rooms() ?? []).find((r) => r.id === this.roomId()) ?? null);
  private readonly currentId = computed(() => this.current()?.id ?? null);
  protected readonly createForm = this.fb.group({ name: ['', [Validators.required, Validators.maxLength(100)]], agreedTime: [''] });
  protected readonly editForm = this.fb.group({ name: ['', [Validators.required, Validators.maxLength(100)]], agreedTime: [''] });

  ngOnInit(): void {
    void this.load();
  }

  constructor() {
    // The management form follows the open room, not every change of the list (which would
    // throw away a name being typed whenever a line arrives).
    effect(() => {
      const id = this.currentId();
      untracked(() => {
        this.confirmDelete.set(false);
        const room = this.current();
        if (id && room) this.editForm.setValue({ name: room.name, agreedTime: room.agreedTime ?? '' });
      });
    });
    const realtime = inject(Realtime);
    // Back after a lost connection: counts and new rooms may have changed meanwhile.
    realtime.connects.pipe(takeUntilDestroyed()).subscribe(() => {
      if (this.rooms()) void this.load();
    });
    realtime
      .on('chat.room-changed')
      .pipe(takeUntilDestroyed())
      .subscribe(() => void this.load());
    realtime
      .on<{ roomId: string }>('chat.room-removed')
      .pipe(takeUntilDestroyed())
      .subscribe((r) => {
        if (r.roomId === this.roomId()) void this.router.navigate(['/', this.centre(), 'chat']);
        void this.load();
      });
    realtime
      .on<ChatMessageView>('chat.message')
      .pipe(takeUntilDestroyed())
      .subscribe((m) => this.arrived(m));
    realtime
      .on<{ roomId: string; unread: number }>('chat.unread')
      .pipe(takeUntilDestroyed())
      .subscribe((u) => this.rooms.update((list) => list?.map((r) => (r.id === u.roomId && r.id !== this.roomId() ? { ...r, unread: u.unread } : r)) ?? null));
  }

  protected readonly loadFailed = signal(false);

  protected retry(): void {
    this.loadFailed.set(false);
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.rooms.set(await this.api.rooms(this.centre()));
      if (this.isCounsellor()) this.clients.set(await this.api.clients(this.centre()));
      this.loadFailed.set(false);
    } catch {
      // Shown only while nothing is on screen yet; a later failure keeps what is shown.
      if (this.rooms() === null) this.loadFailed.set(true);
    }
  }

  /** A line in another room: its badge counts up and it moves to the top. */
  private arrived(m: ChatMessageView): void {
    this.rooms.update((list) => {
      if (!list) return list;
      const updated = list.map((r) =>
        r.id === m.roomId ? { ...r, lastMessageAt: m.createdAt, unread: r.id === this.roomId() || m.author.id === this.auth.me()?.id ? r.unread : r.unread + 1 } : r,
      );
      return updated.sort((a, b) => (b.lastMessageAt ?? b.createdAt).localeCompare(a.lastMessageAt ?? a.createdAt));
    });
  }

  protected names(r: ChatRoomView): string {
    return r.participants.map((p) => p.name).join(', ');
  }

  protected isOwner(r: ChatRoomView): boolean {
    return r.counsellor.id === this.auth.me()?.id;
  }

  protected markedRead(roomId: string): void {
    this.rooms.update((list) => list?.map((r) => (r.id === roomId ? { ...r, unread: 0 } : r)) ?? null);
  }

  async create(): Promise<void> {
    this.createForm.markAllAsTouched();
    if (this.createForm.invalid) return;
    const { name, agreedTime } = this.createForm.getRawValue();
    let created: ChatRoomView | undefined;
    const ok = await this.action.run(async () => {
      created = await this.api.create(this.centre(), { name, agreedTime: agreedTime || null, participantIds: [...this.chosen()] });
    });
    if (ok && created) {
      this.createForm.reset();
      this.chosen.set(new Set());
      await this.load();
      await this.router.navigate(['/', this.centre(), 'chat', created.id]);
    }
  }

  async save(room: ChatRoomView): Promise<void> {
    if (this.editForm.invalid) return;
    const { name, agreedTime } = this.editForm.getRawValue();
    let saved: ChatRoomView | undefined;
    const ok = await this.action.run(async () => (saved = await this.api.update(this.centre(), room.id, { name, agreedTime: agreedTime || null })), this.i18n.t('chat.saved'));
    // The list takes the answer; the room-changed event reaches the other participants.
    if (ok && saved) this.rooms.update((list) => list?.map((r) => (r.id === saved!.id ? saved! : r)) ?? null);
  }

  async remove(room: ChatRoomView): Promise<void> {
    if (await this.action.run(() => this.api.remove(this.centre(), room.id), this.i18n.t('chat.deleted', { name: room.name }))) {
      this.rooms.update((list) => list?.filter((r) => r.id !== room.id) ?? null);
      await this.router.navigate(['/', this.centre(), 'chat']);
    }
  }
}
