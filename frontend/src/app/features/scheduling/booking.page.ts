import { ChangeDetectionStrategy, Component, computed, inject, input, type OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';

import { MAX_BOOKING_NOTE_LENGTH, type BookingView, type SlotView } from '@modules/scheduling/contracts';

import { I18n } from '../../core/i18n/i18n.service';
import { LabelPipe } from '../../core/i18n/label.pipe';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { Realtime } from '../../core/realtime/realtime';
import { ActionState } from '../../shared/ui/action-state';
import { LoadFailedComponent } from '../../shared/ui/load-failed.component';
import { longDay, shortDay } from './dates';
import { berlinToday, plusDays, SchedulingApi } from './scheduling.api';

const DAYS = 14;

/**
 * A client's appointments: the next ones (with the video room, to move or cancel), and booking
 * one on a phone in four short steps — a day, a time, the way of contact, an optional note.
 */
@Component({
  selector: 'bd-booking-page',
  imports: [LabelPipe, LoadFailedComponent, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'scheduling.title' | t }}</h1>
    @if (action.notice(); as n) { <p class="success" role="status">{{ n }}</p> }

    <section aria-labelledby="upcoming-title">
      <h2 id="upcoming-title">{{ 'scheduling.upcoming' | t }}</h2>
      @if (upcoming(); as list) {
        @if (list.length === 0) {
          <p class="hint empty-state">{{ 'scheduling.noUpcoming' | t }}</p>
        } @else {
          <ul class="bookings">
            @for (b of list; track b.id) {
              <li class="booking card">
                <p class="booking-when"><strong>{{ day(b.date) }}</strong>, {{ 'scheduling.timeRange' | t: { from: b.time, to: b.endTime } }}</p>
                <p>{{ 'scheduling.with' | t: { name: b.counsellor.name } }} · {{ b.contactType | label: 'contact' }}</p>
                @if (b.note) { <p class="hint">{{ 'scheduling.yourNote' | t }}: {{ b.note }}</p> }
                <div class="button-row">
                  @if (b.meetingUrl) { <a class="button" [href]="b.meetingUrl">{{ 'scheduling.toMeeting' | t }}</a> }
                  <button type="button" class="secondary" (click)="startMove(b)">{{ 'scheduling.move' | t }}</button>
                  @if (confirmCancel() === b.id) {
                    <button type="button" class="danger" (click)="cancel(b)">{{ 'scheduling.cancelConfirm' | t }}</button>
                    <button type="button" class="secondary" (click)="confirmCancel.set(null)">{{ 'common.cancel' | t }}</button>
                  } @else {
                    <button type="button" class="secondary" (click)="confirmCancel.set(b.id)">{{ 'scheduling.cancel' | t }}</button>
                  }
                </div>
              </li>
            }
          </ul>
        }
      } @else if (loadFailed()) {
        <bd-load-failed (retry)="load()" />
      } @else {
        <p role="status">{{ 'common.loading' | t }}</p>
      }
    </section>

    <section class="card booking-flow" aria-labelledby="book-title">
      <h2 id="book-title">{{ (moving() ? 'scheduling.moveTitle' : 'scheduling.bookTitle') | t }}</h2>
      @if (moving(); as m) {
        <p class="hint">{{ 'scheduling.moving' | t: { when: day(m.date) + ', ' + m.time } }}
          <button type="button" class="link-button" (click)="stopMove()">{{ 'scheduling.moveStop' | t }}</button></p>
      }
      @if (action.error(); as e) { <p class="form-error" role="alert">{{ e }}</p> }
      @if (slots(); as all) {
        @if (days().length === 0) {
          <p class="hint empty-state">{{ 'scheduling.noSlots' | t }}</p>
        } @else {
          <fieldset class="day-strip">
            <legend>{{ 'scheduling.step.day' | t }}</legend>
            <div class="strip" role="radiogroup" [attr.aria-label]="'scheduling.step.day' | t">
              @for (d of days(); track d.date) {
                <button type="button" role="radio" class="day" [attr.aria-checked]="d.date === pickedDay()" [class.picked]="d.date === pickedDay()" (click)="pickDay(d.date)">
                  <span class="day-name">{{ short(d.date) }}</span>
                  <span class="day-count">{{ 'scheduling.free' | t: { count: d.count } }}</span>
                </button>
              }
            </div>
          </fieldset>
          @if (pickedDay(); as date) {
            <fieldset class="times">
              <legend>{{ 'scheduling.step.time' | t: { day: day(date) } }}</legend>
              <div class="time-grid" role="radiogroup" [attr.aria-label]="'scheduling.step.time' | t: { day: day(date) }">
                @for (s of daySlots(); track s.start + s.counsellor.id) {
                  <button type="button" role="radio" class="time" [attr.aria-checked]="s === picked()" [class.picked]="s === picked()" (click)="pick(s)">
                    <span>{{ s.time }}</span>
                    @if (manyCounsellors()) { <span class="time-who">{{ s.counsellor.name }}</span> }
                  </button>
                }
              </div>
            </fieldset>
          }
          @if (picked(); as s) {
            <fieldset class="contact-types">
              <legend>{{ 'scheduling.step.how' | t }}</legend>
              @for (c of s.contactTypes; track c) {
                <div class="checkbox">
                  <input type="radio" name="contact-type" [id]="'ct-' + c" [checked]="contactType() === c" (change)="contactType.set(c)" />
                  <label [for]="'ct-' + c">{{ c | label: 'contact' }}</label>
                </div>
              }
            </fieldset>
            @if (!moving()) {
              <div class="field">
                <label for="booking-note">{{ 'scheduling.note' | t }} <span class="hint">({{ 'common.optional' | t }})</span></label>
                <textarea id="booking-note" rows="3" [attr.maxlength]="maxNote" [value]="note()" (input)="note.set($any($event.target).value)" aria-describedby="booking-note-hint"></textarea>
                <p id="booking-note-hint" class="hint">{{ 'scheduling.noteHint' | t: { left: maxNote - note().length } }}</p>
              </div>
            }
            <p class="booking-summary">
              <strong>{{ day(s.date) }}, {{ 'scheduling.timeRange' | t: { from: s.time, to: s.endTime } }}</strong> ·
              {{ 'scheduling.with' | t: { name: s.counsellor.name } }}@if (contactType(); as c) { · {{ c | label: 'contact' }} }
            </p>
            <button type="button" (click)="confirm()" [disabled]="action.busy()">{{ (moving() ? 'scheduling.moveSubmit' : 'scheduling.bookSubmit') | t }}</button>
            @if (missingType()) { <p class="field-error" role="alert">{{ 'scheduling.pickType' | t }}</p> }
          }
        }
        <button type="button" class="link-button" (click)="later()">{{ 'scheduling.laterDays' | t }}</button>
      } @else {
        <p role="status">{{ 'common.loading' | t }}</p>
      }
    </section>

    <details class="card past">
      <summary>{{ 'scheduling.past' | t }}</summary>
      @if (past().length === 0) {
        <p class="hint">{{ 'scheduling.noPast' | t }}</p>
      } @else {
        <ul class="bookings">
          @for (b of past(); track b.id) {
            <li>{{ day(b.date) }}, {{ b.time }} · {{ b.counsellor.name }} · {{ b.contactType | label: 'contact' }}@if (b.status === 'cancelled') { · <em>{{ 'scheduling.cancelled' | t }}</em> }</li>
          }
        </ul>
      }
    </details>
  `,
})
export class BookingPage implements OnInit {
  readonly centre = input.required<string>();
  private readonly api = inject(SchedulingApi);
  private readonly i18n = inject(I18n);
  protected readonly action = new ActionState(this.i18n);
  protected readonly maxNote = MAX_BOOKING_NOTE_LENGTH;
  protected readonly upcoming = signal<BookingView[] | null>(null);
  protected readonly past = signal<BookingView[]>([]);
  protected readonly slots = signal<SlotView[] | null>(null);
  protected readonly loadFailed = signal(false);
  protected readonly from = signal(berlinToday());
  protected readonly pickedDay = signal<string | null>(null);
  protected readonly picked = signal<SlotView | null>(null);
  protected readonly contactType = signal<string | null>(null);
  protected readonly note = signal('');
  protected readonly missingType = signal(false);
  protected readonly confirmCancel = signal<string | null>(null);
  protected readonly moving = signal<BookingView | null>(null);

  /** The days with free slots, and how many (of the counsellor being moved with, when moving). */
  private readonly offered = computed(() => {
    const m = this.moving();
    return (this.slots() ?? []).filter((s) => !m || s.counsellor.id === m.counsellor.id);
  });
  protected readonly days = computed(() => {
    const counts = new Map<string, number>();
    for (const s of this.offered()) counts.set(s.date, (counts.get(s.date) ?? 0) + 1);
    return [...counts].map(([date, count]) => ({ date, count }));
  });
  protected readonly daySlots = computed(() => this.offered().filter((s) => s.date === this.pickedDay()));
  protected readonly manyCounsellors = computed(() => new Set(this.offered().map((s) => s.counsellor.id)).size > 1);

  constructor() {
    const realtime = inject(Realtime);
    realtime
      .on('scheduling.booking')
      .pipe(takeUntilDestroyed())
      .subscribe(() => void this.load());
    realtime.connects.pipe(takeUntilDestroyed()).subscribe(() => void this.load());
  }

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    try {
      const [upcoming, past, slots] = await Promise.all([
        this.api.bookings(this.centre(), 'upcoming'),
        this.api.bookings(this.centre(), 'past'),
        this.api.slots(this.centre(), this.from(), DAYS),
      ]);
      this.upcoming.set(upcoming);
      this.past.set(past);
      this.slots.set(slots);
      this.loadFailed.set(false);
      // What was picked may have gone (someone else booked it).
      const picked = this.picked();
      if (picked && !slots.some((s) => s.start === picked.start && s.counsellor.id === picked.counsellor.id)) this.resetPick();
    } catch {
      if (this.upcoming() === null) this.loadFailed.set(true);
    }
  }

  protected day(date: string): string {
    return longDay(date, this.i18n.lang());
  }

  protected short(date: string): string {
    return shortDay(date, this.i18n.lang());
  }

  protected pickDay(date: string): void {
    this.pickedDay.set(date);
    this.picked.set(null);
    this.contactType.set(null);
  }

  protected pick(slot: SlotView): void {
    this.picked.set(slot);
    this.missingType.set(false);
    const keep = this.moving()?.contactType;
    this.contactType.set(slot.contactTypes.length === 1 ? slot.contactTypes[0]! : keep && slot.contactTypes.includes(keep) ? keep : null);
  }

  protected async later(): Promise<void> {
    this.from.set(plusDays(this.from(), DAYS));
    this.resetPick();
    await this.load();
  }

  protected startMove(b: BookingView): void {
    this.moving.set(b);
    this.resetPick();
    this.action.clear();
    document.getElementById('book-title')?.scrollIntoView({ behavior: 'smooth' });
  }

  protected stopMove(): void {
    this.moving.set(null);
    this.resetPick();
  }

  private resetPick(): void {
    this.pickedDay.set(null);
    this.picked.set(null);
    this.contactType.set(null);
  }

  async confirm(): Promise<void> {
    const slot = this.picked();
    const type = this.contactType();
    if (!slot) return;
    if (!type) {
      this.missingType.set(true);
      return;
    }
    const moving = this.moving();
    const ok = await this.action.run(
      () =>
        moving
          ? this.api.move(this.centre(), moving.id, slot.start, type)
          : this.api.book(this.centre(), { counsellorId: slot.counsellor.id, start: slot.start, contactType: type, note: this.note().trim() || null }),
      this.i18n.t(moving ? 'scheduling.moved' : 'scheduling.booked', { when: `${this.day(slot.date)}, ${slot.time}` }),
    );
    if (ok) {
      this.moving.set(null);
      this.note.set('');
      this.resetPick();
      document.getElementById('upcoming-title')?.scrollIntoView({ behavior: 'smooth' });
    } else if (this.action.server()?.code === 'SCHEDULING_SLOT_TAKEN') {
      this.resetPick();
    }
    await this.load();
  }

  async cancel(b: BookingView): Promise<void> {
    this.confirmCancel.set(null);
    await this.action.run(() => this.api.cancel(this.centre(), b.id), this.i18n.t('scheduling.cancelledNotice'));
    await this.load();
  }
}
