import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, effect, inject, input, output, signal, untracked, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';

import type { ChatAck, ChatMessageView, ChatRoomView } from '@modules/chat/contracts';

import { AuthStore } from '../../core/auth/auth.store';
import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { Realtime } from '../../core/realtime/realtime';
import { ChatApi } from './chat.api';

export const MAX_CHAT_LENGTH = 4000;
const PAGE = 50;
const TYPING_SHOWN_MS = 3500;

/**
 * One chat room, live: history with paging back, presence, "… is typing", and a box that sends
 * over the socket. After a reconnect it rejoins and fetches what it missed.
 */
@Component({
  selector: 'bd-chat-room',
  imports: [DatePipe, ReactiveFormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="chat-head">
      <h2>{{ room().name }}</h2>
      @if (room().agreedTime; as time) { <p class="chat-time">{{ 'chat.agreedTime' | t }}: {{ time }}</p> }
      <ul class="presence" [attr.aria-label]="'chat.people' | t">
        @for (p of people(); track p.id) {
          <li [class.online]="present().has(p.id)">
            <span class="dot" aria-hidden="true"></span>{{ p.id === me()?.id ? ('common.me' | t) : p.name }}
            <span class="visually-hidden">({{ present().has(p.id) ? ('chat.online' | t) : ('chat.offline' | t) }})</span>
          </li>
        }
      </ul>
    </header>
    <section class="chat-lines" [attr.aria-label]="'chat.history' | t">
      @if (hasOlder()) { <button type="button" class="link-button" (click)="loadOlder()">{{ 'chat.older' | t }}</button> }
      @if (loaded() && lines().length === 0) { <p class="hint">{{ 'chat.empty' | t }}</p> }
      <ol class="messages">
        @for (m of lines(); track m.id) {
          <li class="message" [class.mine]="m.author.id === me()?.id">
            <p class="meta">
              <span class="author">{{ m.author.id === me()?.id ? ('common.me' | t) : m.author.name }}</span>
              <time [attr.datetime]="m.createdAt">{{ m.createdAt | date: 'HH:mm' }}</time>
            </p>
            <p class="text pre">{{ m.text }}</p>
          </li>
        }
      </ol>
      <span #end></span>
    </section>
    <!-- Only lines that arrive live are read out, not the history loaded on opening. -->
    <p class="visually-hidden" aria-live="polite">{{ announcement() }}</p>
    <p class="typing" aria-live="polite">@if (typingName(); as name) { {{ 'chat.typing' | t: { name } }} }</p>
    @if (!realtime.connected()) { <p class="hint" role="status">{{ 'chat.reconnecting' | t }}</p> }
    <form class="compose chat-compose" [formGroup]="form" (ngSubmit)="send()" novalidate>
      <label [for]="'chat-compose-' + room().id" class="visually-hidden">{{ 'chat.write' | t }}</label>
      <textarea [id]="'chat-compose-' + room().id" formControlName="text" rows="2" [attr.maxlength]="max" [placeholder]="'chat.placeholder' | t"
        (keydown)="keydown($event)" (input)="typing()"></textarea>
      <button type="submit" [disabled]="sending() || !form.valid">{{ 'chat.send' | t }}</button>
    </form>
    @if (error(); as e) { <p class="form-error" role="alert">{{ e }}</p> }
  `,
})
export class ChatRoomComponent {
  readonly centre = input.required<string>();
  readonly room = input.required<ChatRoomView>();
  /** The room was read up to its latest line (lists clear their badge). */
  readonly read = output<string>();

  private readonly api = inject(ChatApi);
  private readonly auth = inject(AuthStore);
  private readonly i18n = inject(I18n);
  protected readonly realtime = inject(Realtime);
  private readonly end = viewChild<ElementRef<HTMLElement>>('end');
  protected readonly max = MAX_CHAT_LENGTH;
  protected readonly me = this.auth.me;
  protected readonly lines = signal<ChatMessageView[]>([]);
  protected readonly loaded = signal(false);
  protected readonly hasOlder = signal(false);
  protected readonly present = signal(new Set<string>());
  protected readonly sending = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly announcement = signal('');
  private readonly typist = signal<{ id: string; until: number } | null>(null);
  private lastTyping = 0;
  private readTimer?: ReturnType<typeof setTimeout>;
  protected readonly form = inject(NonNullableFormBuilder).group({ text: ['', [Validators.required, Validators.maxLength(MAX_CHAT_LENGTH), Validators.pattern(/\S/)]] });

  private readonly roomId = computed(() => this.room().id);
  protected readonly people = computed(() => [this.room().counsellor, ...this.room().participants]);
  protected readonly typingName = computed(() => {
    const t = this.typist();
    return t ? (this.people().find((p) => p.id === t.id)?.name ?? null) : null;
  });

  constructor() {
    const destroyRef = inject(DestroyRef);
    let joined: string | null = null;
    // Only another room reloads: the parent hands in a new room object whenever its list
    // changes (e.g. an unread count), and reloading on that would mark read, change the list,
    // and reload again.
    effect(() => {
      const id = this.roomId();
      untracked(() => {
        if (joined && joined !== id) {
          this.realtime.emit('chat.leave', { roomId: joined });
          this.form.reset();
        }
        joined = id;
        void this.open(id);
      });
    });
    // Lines that came while the tab was in the background are read when it comes back.
    const seen = () => {
      if (document.visibilityState === 'visible' && this.loaded()) this.markReadSoon();
    };
    document.addEventListener('visibilitychange', seen);
    destroyRef.onDestroy(() => {
      if (joined) this.realtime.emit('chat.leave', { roomId: joined });
      clearTimeout(this.readTimer);
      document.removeEventListener('visibilitychange', seen);
    });
    // After a lost connection: back into the room, with what was said meanwhile.
    this.realtime.connects.pipe(takeUntilDestroyed()).subscribe(() => {
      if (this.loaded()) void this.join(this.room().id);
    });
    this.realtime
      .on<ChatMessageView>('chat.message')
      .pipe(takeUntilDestroyed())
      .subscribe((m) => {
        if (m.roomId !== this.room().id) return;
        if (m.author.id !== this.me()?.id && !this.lines().some((x) => x.id === m.id)) {
          this.announcement.set(this.i18n.t('common.announce', { name: m.author.name, text: m.text }));
        }
        this.append([m]);
        if (m.author.id === this.typist()?.id) this.typist.set(null);
      });
    this.realtime
      .on<{ roomId: string; present: string[] }>('chat.presence')
      .pipe(takeUntilDestroyed())
      .subscribe((p) => {
        if (p.roomId === this.room().id) this.present.set(new Set(p.present));
      });
    this.realtime
      .on<{ roomId: string; userId: string }>('chat.typing')
      .pipe(takeUntilDestroyed())
      .subscribe((t) => {
        if (t.roomId !== this.room().id) return;
        const until = Date.now() + TYPING_SHOWN_MS;
        this.typist.set({ id: t.userId, until });
        setTimeout(() => {
          if (this.typist()?.until === until) this.typist.set(null);
        }, TYPING_SHOWN_MS);
      });
  }

  private async open(id: string): Promise<void> {
    this.loaded.set(false);
    this.lines.set([]);
    this.error.set(null);
    const page = await this.api.messages(this.centre(), id);
    if (id !== this.room().id) return;
    this.lines.set(page);
    this.hasOlder.set(page.length === PAGE);
    this.loaded.set(true);
    this.scrollToEnd();
    await this.join(id);
    this.markReadSoon();
  }

  private async join(id: string): Promise<void> {
    const ack = await this.realtime.request<ChatAck<{ present: string[]; missed: ChatMessageView[] }>>('chat.join', { roomId: id, after: this.lines().at(-1)?.id });
    if (id !== this.room().id) return;
    if (!ack.ok) {
      this.error.set(ack.message);
      return;
    }
    this.present.set(new Set(ack.present));
    this.append(ack.missed);
  }

  async loadOlder(): Promise<void> {
    const first = this.lines()[0];
    if (!first) return;
    const id = this.roomId();
    const page = await this.api.messages(this.centre(), id, first.id);
    if (id !== this.roomId()) return;
    this.lines.update((current) => [...page, ...current]);
    this.hasOlder.set(page.length === PAGE);
  }

  private append(incoming: ChatMessageView[]): void {
    const known = new Set(this.lines().map((m) => m.id));
    const fresh = incoming.filter((m) => !known.has(m.id));
    if (fresh.length === 0) return;
    this.lines.update((current) => [...current, ...fresh].sort((a, b) => a.id.localeCompare(b.id)));
    this.scrollToEnd();
    if (fresh.some((m) => m.author.id !== this.me()?.id) && document.visibilityState === 'visible') this.markReadSoon();
  }

  /** Marks read shortly after lines arrive, not once per line. */
  private markReadSoon(): void {
    clearTimeout(this.readTimer);
    const id = this.room().id;
    this.readTimer = setTimeout(() => {
      void this.api.read(this.centre(), id).then(
        () => this.read.emit(id),
        () => undefined,
      );
    }, 400);
  }

  protected keydown(event: KeyboardEvent): void {
    // Enter sends, as in every messenger; Shift+Enter makes a new line.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void this.send();
    }
  }

  protected typing(): void {
    if (Date.now() - this.lastTyping < 2000) return;
    this.lastTyping = Date.now();
    this.realtime.emit('chat.typing', { roomId: this.room().id });
  }

  async send(): Promise<void> {
    if (this.form.invalid || this.sending()) return;
    const text = this.form.controls.text.value;
    this.sending.set(true);
    this.error.set(null);
    try {
      const id = this.roomId();
      const ack = await this.realtime.request<ChatAck<{ message: ChatMessageView }>>('chat.send', { roomId: id, text });
      if (id !== this.roomId()) return; // sent; another room is open now
      if (ack.ok) {
        this.form.reset();
        this.append([ack.message]);
      } else this.error.set(ack.message);
    } catch {
      this.error.set(this.i18n.t('chat.notSent'));
    } finally {
      this.sending.set(false);
    }
  }

  private scrollToEnd(): void {
    setTimeout(() => this.end()?.nativeElement.scrollIntoView({ block: 'end' }));
  }
}
