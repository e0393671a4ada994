import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';

import { MAX_MESSAGE_LENGTH, type MailMessageView } from '@modules/mail/contracts';

import { AuthStore } from '../../core/auth/auth.store';
import { CaseViewHost } from '../../core/features/case-hosts';
import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { Realtime } from '../../core/realtime/realtime';
import { ActionState } from '../../shared/ui/action-state';
import { MailApi } from './mail.api';

const PAGE = 50;

/** One conversation: the messages, oldest first, updated live; and the box to write. A case panel. */
@Component({
  selector: 'bd-thread',
  imports: [DatePipe, ReactiveFormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="thread" [attr.aria-label]="'mail.thread' | t">
      @if (hasOlder()) {
        <button type="button" class="link-button" (click)="loadOlder()">{{ 'mail.older' | t }}</button>
      }
      @if (loaded() && messages().length === 0) {
        <p class="hint">{{ 'mail.empty' | t }}</p>
      }
      <ol class="messages">
        @for (m of messages(); track m.id) {
          <li class="message" [class.mine]="isMine(m)" [class.notice-message]="m.author.role === 'admin'">
            <p class="meta">
              <span class="author">{{ m.author.role === 'admin' ? ('mail.fromAdmin' | t) : isMine(m) ? ('common.me' | t) : m.author.name }}</span>
              <time [attr.datetime]="m.createdAt">{{ m.createdAt | date: 'dd.MM.yyyy HH:mm' }}</time>
            </p>
            <p class="text pre">{{ m.text }}</p>
          </li>
        }
      </ol>
      <!-- Only messages that arrive live are read out, not the history loaded on opening. -->
      <p class="visually-hidden" aria-live="polite">{{ announcement() }}</p>
      <span #end></span>
    </section>
    @if (canWrite()) {
      <form class="compose" [formGroup]="form" (ngSubmit)="send()" novalidate>
        <label [for]="'compose-' + caseId()">{{ 'mail.write' | t }}</label>
        <textarea [id]="'compose-' + caseId()" formControlName="text" rows="4" [attr.maxlength]="max" (keydown)="shortcut($event)"
          [attr.aria-describedby]="'compose-count-' + caseId()"></textarea>
        <div class="compose-row">
          <span class="hint" [id]="'compose-count-' + caseId()">{{ 'mail.count' | t: { count: length(), max: max } }}</span>
          <button type="submit" [disabled]="action.busy() || !form.valid">{{ 'mail.send' | t }}</button>
        </div>
        @if (action.error(); as e) { <p class="form-error" role="alert">{{ e }}</p> }
      </form>
    }
  `,
})
export class ThreadComponent {
  readonly centre = input.required<string>();
  readonly caseId = input.required<string>();
  readonly canWrite = input(true);
  /** Told when the thread was marked read (its list clears the badge). */
  private readonly host = inject(CaseViewHost);

  private readonly api = inject(MailApi);
  private readonly auth = inject(AuthStore);
  private readonly realtime = inject(Realtime);
  private readonly destroyRef = inject(DestroyRef);
  private readonly end = viewChild<ElementRef<HTMLElement>>('end');
  private readonly i18n = inject(I18n);
  protected readonly action = new ActionState(this.i18n);
  protected readonly max = MAX_MESSAGE_LENGTH;
  protected readonly messages = signal<MailMessageView[]>([]);
  protected readonly announcement = signal('');
  protected readonly loaded = signal(false);
  protected readonly hasOlder = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({ text: ['', [Validators.required, Validators.maxLength(MAX_MESSAGE_LENGTH), Validators.pattern(/\S/)]] });
  private readonly text = signal('');
  protected readonly length = computed(() => this.text().length);

  constructor() {
    this.form.controls.text.valueChanges.pipe(takeUntilDestroyed()).subscribe((v) => this.text.set(v));
    let shown: string | null = null;
    effect(() => {
      const caseId = this.caseId();
      untracked(() => {
        // A draft belongs to the conversation it was written in.
        if (shown && shown !== caseId) this.form.reset();
        shown = caseId;
        void this.load(caseId);
      });
    });
    // Back after a lost connection (e.g. a phone woke up): what was written meanwhile.
    this.realtime.connects.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => {
      if (this.loaded()) void this.load(this.caseId());
    });
    this.realtime
      .on<MailMessageView>('mail.message')
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((m) => {
        if (m.caseId !== this.caseId()) return;
        if (!this.isMine(m) && !this.messages().some((x) => x.id === m.id)) {
          this.announcement.set(this.i18n.t('common.announce', { name: m.author.role === 'admin' ? this.i18n.t('mail.fromAdmin') : m.author.name, text: m.text }));
        }
        this.append(m);
        // Read only when someone can see it: a tab in the background leaves it unread, so the
        // badge and the e-mail notice still come.
        if (!this.isMine(m) && document.visibilityState === 'visible') void this.markRead();
      });
    const seen = () => {
      if (document.visibilityState === 'visible' && this.loaded()) void this.markRead();
    };
    document.addEventListener('visibilitychange', seen);
    this.destroyRef.onDestroy(() => document.removeEventListener('visibilitychange', seen));
  }

  protected isMine(m: MailMessageView): boolean {
    return m.author.id === this.auth.me()?.id;
  }

  private async load(caseId: string): Promise<void> {
    this.loaded.set(false);
    const page = await this.api.messages(this.centre(), caseId);
    if (caseId !== this.caseId()) return;
    this.messages.set(page);
    this.hasOlder.set(page.length === PAGE);
    this.loaded.set(true);
    this.scrollToEnd();
    await this.markRead();
  }

  async loadOlder(): Promise<void> {
    const first = this.messages()[0];
    if (!first) return;
    const caseId = this.caseId();
    const page = await this.api.messages(this.centre(), caseId, first.id);
    if (caseId !== this.caseId()) return;
    this.messages.update((current) => [...page, ...current]);
    this.hasOlder.set(page.length === PAGE);
  }

  private append(m: MailMessageView): void {
    if (this.messages().some((x) => x.id === m.id)) return;
    this.messages.update((current) => [...current, m]);
    this.scrollToEnd();
  }

  private async markRead(): Promise<void> {
    if (this.auth.me()?.role === 'admin') return;
    await this.api.read(this.centre(), this.caseId()).catch(() => undefined);
    this.host.markedRead(this.caseId());
  }

  protected shortcut(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.send();
    }
  }

  async send(): Promise<void> {
    if (this.form.invalid) return;
    const text = this.form.controls.text.value;
    const caseId = this.caseId();
    let posted: MailMessageView | undefined;
    if (await this.action.run(async () => (posted = await this.api.post(this.centre(), caseId, text)))) {
      if (caseId !== this.caseId()) return; // sent; another conversation is open now
      this.form.reset();
      if (posted) this.append(posted);
    }
  }

  private scrollToEnd(): void {
    setTimeout(() => this.end()?.nativeElement.scrollIntoView({ block: 'end' }));
  }
}
