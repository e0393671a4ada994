import { ChangeDetectionStrategy, Component, computed, inject, input, type OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';

import { HORIZON_DAYS, MIN_NOTICE_HOURS, SLOT_MINUTES, type BlockView, type BookingView, type CalendarDay, type WindowView } from '@modules/scheduling/contracts';

import { PortalStore } from '../../areas/portal/portal.store';
import { I18n } from '../../core/i18n/i18n.service';
import { LabelPipe } from '../../core/i18n/label.pipe';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { Realtime } from '../../core/realtime/realtime';
import { ActionState } from '../../shared/ui/action-state';
import { LoadFailedComponent } from '../../shared/ui/load-failed.component';
import { longDay, shortDay, weekdayName } from './dates';
import { berlinToday, plusDays, SchedulingApi, weekdayOf } from './scheduling.api';

/**
 * A counsellor's appointments: the week (every slot, who booked it, blocked days), the windows
 * they publish, blocked days, and their booking rules. Works on a tablet; on a phone the days
 * stack.
 */
@Component({
  selector: 'bd-week-page',
  imports: [LabelPipe, LoadFailedComponent, ReactiveFormsModule, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'scheduling.title' | t }}</h1>
    @if (action.notice(); as n) { <p class="success" role="status">{{ n }}</p> }
    @if (action.error(); as e) { <p class="form-error" role="alert">{{ e }}</p> }

    <section aria-labelledby="week-title">
      <div class="week-head">
        <h2 id="week-title">{{ 'scheduling.weekOf' | t: { from: short(weekStart()), to: short(plus(weekStart(), 6)) } }}</h2>
        <div class="button-row">
          <button type="button" class="secondary small" (click)="shift(-7)">← {{ 'scheduling.prevWeek' | t }}</button>
          <button type="button" class="secondary small" (click)="thisWeek()">{{ 'scheduling.thisWeek' | t }}</button>
          <button type="button" class="secondary small" (click)="shift(7)">{{ 'scheduling.nextWeek' | t }} →</button>
        </div>
      </div>
      @if (days(); as week) {
        <ol class="week">
          @for (d of week; track d.date) {
            <li class="week-day" [class.blocked]="d.blocked" [class.today]="d.date === today">
              <h3>{{ short(d.date) }}</h3>
              @if (d.blocked) { <p class="tag">{{ 'scheduling.blocked' | t }}</p> }
              @if (d.slots.length === 0 && d.otherBookings.length === 0) { <p class="hint">{{ 'scheduling.noSlotsDay' | t }}</p> }
              <ul class="week-slots">
                @for (s of d.slots; track s.start) {
                  <li [class.booked]="!!s.booking">
                    <span class="slot-time">{{ s.time }}–{{ s.endTime }}</span>
                    @if (s.booking; as b) {
                      <span class="slot-who">{{ b.clientName }}</span>
                      <span class="slot-type">{{ b.contactType | label: 'contact' }}</span>
                    } @else {
                      <span class="slot-type hint">{{ 'scheduling.freeSlot' | t }}</span>
                    }
                  </li>
                }
                @for (b of d.otherBookings; track b.id) {
                  <li class="booked"><span class="slot-time">{{ b.time }}–{{ b.endTime }}</span><span class="slot-who">{{ b.clientName }}</span><span class="slot-type">{{ b.contactType | label: 'contact' }}</span></li>
                }
              </ul>
            </li>
          }
        </ol>
      } @else if (loadFailed()) {
        <bd-load-failed (retry)="load()" />
      } @else {
        <p role="status">{{ 'common.loading' | t }}</p>
      }
    </section>

    <section class="card" aria-labelledby="list-title">
      <h2 id="list-title">{{ 'scheduling.upcoming' | t }}</h2>
      @if (upcoming().length === 0) {
        <p class="hint empty-state">{{ 'scheduling.noUpcomingCounsellor' | t }}</p>
      } @else {
        <ul class="bookings">
          @for (b of upcoming(); track b.id) {
            <li class="booking">
              <p><strong>{{ day(b.date) }}</strong>, {{ b.time }}–{{ b.endTime }} · {{ b.client.name }} · {{ b.contactType | label: 'contact' }}</p>
              @if (b.note) { <p class="hint">{{ 'scheduling.clientNote' | t }}: {{ b.note }}</p> }
              <div class="button-row">
                @if (b.meetingUrl) { <a class="button small" [href]="b.meetingUrl">{{ 'scheduling.toMeeting' | t }}</a> }
                @if (confirmCancel() === b.id) {
                  <button type="button" class="danger small" (click)="cancel(b)">{{ 'scheduling.cancelConfirm' | t }}</button>
                  <button type="button" class="secondary small" (click)="confirmCancel.set(null)">{{ 'common.cancel' | t }}</button>
                } @else {
                  <button type="button" class="secondary small" (click)="confirmCancel.set(b.id)">{{ 'scheduling.cancel' | t }}</button>
                }
              </div>
            </li>
          }
        </ul>
      }
    </section>

    <details class="card" [open]="windows().length === 0">
      <summary>{{ 'scheduling.publish' | t }}</summary>
      <form [formGroup]="windowForm" (ngSubmit)="publish()" novalidate>
        <fieldset class="kind">
          <legend>{{ 'scheduling.kind' | t }}</legend>
          <div class="checkbox"><input type="radio" id="kind-weekly" value="weekly" formControlName="kind" /><label for="kind-weekly">{{ 'scheduling.kindWeekly' | t }}</label></div>
          <div class="checkbox"><input type="radio" id="kind-single" value="single" formControlName="kind" /><label for="kind-single">{{ 'scheduling.kindSingle' | t }}</label></div>
        </fieldset>
        <div class="grid-form">
          @if (windowForm.controls.kind.value === 'weekly') {
            <div class="field">
              <label for="w-weekday">{{ 'scheduling.weekday' | t }}</label>
              <select id="w-weekday" formControlName="weekday">
                @for (w of weekdays; track w) { <option [value]="w">{{ weekday(w) }}</option> }
              </select>
            </div>
            <div class="field">
              <label for="w-valid-from">{{ 'scheduling.validFrom' | t }}</label>
              <input id="w-valid-from" type="date" formControlName="validFrom" />
              @if (action.field('validFrom'); as e) { <p class="field-error">{{ e }}</p> }
            </div>
            <div class="field">
              <label for="w-valid-until">{{ 'scheduling.validUntil' | t }} <span class="hint">({{ 'common.optional' | t }})</span></label>
              <input id="w-valid-until" type="date" formControlName="validUntil" />
              @if (action.field('validUntil'); as e) { <p class="field-error">{{ e }}</p> }
            </div>
          } @else {
            <div class="field">
              <label for="w-date">{{ 'scheduling.date' | t }}</label>
              <input id="w-date" type="date" formControlName="date" />
              @if (action.field('date'); as e) { <p class="field-error">{{ e }}</p> }
            </div>
          }
          <div class="field">
            <label for="w-from">{{ 'scheduling.from' | t }}</label>
            <input id="w-from" type="time" formControlName="from" />
            @if (action.field('from'); as e) { <p class="field-error">{{ e }}</p> }
          </div>
          <div class="field">
            <label for="w-to">{{ 'scheduling.to' | t }}</label>
            <input id="w-to" type="time" formControlName="to" />
            @if (action.field('to'); as e) { <p class="field-error">{{ e }}</p> }
          </div>
          <div class="field">
            <label for="w-slot">{{ 'scheduling.slotMinutes' | t }}</label>
            <input id="w-slot" type="number" [min]="slotLimits.min" [max]="slotLimits.max" formControlName="slotMinutes" />
            @if (action.field('slotMinutes'); as e) { <p class="field-error">{{ e }}</p> }
          </div>
          <div class="field">
            <label for="w-buffer">{{ 'scheduling.bufferMinutes' | t }}</label>
            <input id="w-buffer" type="number" min="0" max="120" formControlName="bufferMinutes" />
          </div>
        </div>
        <fieldset>
          <legend>{{ 'scheduling.contactTypes' | t }}</legend>
          @for (c of contactTypes(); track c) {
            <div class="checkbox">
              <input type="checkbox" [id]="'w-ct-' + c" [checked]="chosenTypes().has(c)" (change)="toggleType(c, $any($event.target).checked)" />
              <label [for]="'w-ct-' + c">{{ c | label: 'contact' }}</label>
            </div>
          }
          @if (action.field('contactTypes'); as e) { <p class="field-error">{{ e }}</p> }
        </fieldset>
        <button type="submit" [disabled]="action.busy()">{{ 'scheduling.publishSubmit' | t }}</button>
      </form>
      @if (windows().length > 0) {
        <h3>{{ 'scheduling.windows' | t }}</h3>
        <ul class="windows">
          @for (w of windows(); track w.id) {
            <li>
              <span>{{ describe(w) }} · {{ 'scheduling.slotEach' | t: { minutes: w.slotMinutes } }} · @for (c of w.contactTypes; track c) { {{ c | label: 'contact' }}@if (!$last) {, } }</span>
              <button type="button" class="secondary small" (click)="removeWindow(w)">{{ 'scheduling.removeWindow' | t }}</button>
            </li>
          }
        </ul>
      }
    </details>

    <details class="card">
      <summary>{{ 'scheduling.blocks' | t }}</summary>
      <p class="hint">{{ 'scheduling.blocksHint' | t }}</p>
      <form [formGroup]="blockForm" class="inline-form" (ngSubmit)="block()" novalidate>
        <div class="field">
          <label for="b-from">{{ 'scheduling.blockFrom' | t }}</label>
          <input id="b-from" type="date" formControlName="fromDate" />
        </div>
        <div class="field">
          <label for="b-until">{{ 'scheduling.blockUntil' | t }}</label>
          <input id="b-until" type="date" formControlName="untilDate" />
          @if (action.field('untilDate'); as e) { <p class="field-error">{{ e }}</p> }
        </div>
        <button type="submit" [disabled]="action.busy()">{{ 'scheduling.blockSubmit' | t }}</button>
      </form>
      <ul class="windows">
        @for (b of blocks(); track b.id) {
          <li>
            <span>{{ short(b.fromDate) }} – {{ short(b.untilDate) }}</span>
            <button type="button" class="secondary small" (click)="removeBlock(b)">{{ 'scheduling.removeBlock' | t }}</button>
          </li>
        }
      </ul>
    </details>

    <details class="card">
      <summary>{{ 'scheduling.rules' | t }}</summary>
      <form [formGroup]="rulesForm" class="grid-form" (ngSubmit)="saveRules()" novalidate>
        <div class="field">
          <label for="r-notice">{{ 'scheduling.minNotice' | t }}</label>
          <input id="r-notice" type="number" min="0" [max]="noticeMax" formControlName="minNoticeHours" />
          @if (action.field('minNoticeHours'); as e) { <p class="field-error">{{ e }}</p> }
        </div>
        <div class="field">
          <label for="r-horizon">{{ 'scheduling.horizon' | t }}</label>
          <input id="r-horizon" type="number" min="1" [max]="horizonMax" formControlName="horizonDays" />
          @if (action.field('horizonDays'); as e) { <p class="field-error">{{ e }}</p> }
        </div>
        <button type="submit" class="secondary" [disabled]="action.busy()">{{ 'common.save' | t }}</button>
      </form>
    </details>
  `,
})
export class WeekPage implements OnInit {
  readonly centre = input.required<string>();
  private readonly api = inject(SchedulingApi);
  private readonly i18n = inject(I18n);
  private readonly portal = inject(PortalStore);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly action = new ActionState(this.i18n);
  protected readonly today = berlinToday();
  protected readonly weekdays = [1, 2, 3, 4, 5, 6, 7];
  protected readonly slotLimits = SLOT_MINUTES;
  protected readonly noticeMax = MIN_NOTICE_HOURS.max;
  protected readonly horizonMax = HORIZON_DAYS.max;
  protected readonly weekStart = signal(plusDays(this.today, 1 - weekdayOf(this.today)));
  protected readonly days = signal<CalendarDay[] | null>(null);
  protected readonly upcoming = signal<BookingView[]>([]);
  protected readonly windows = signal<WindowView[]>([]);
  protected readonly blocks = signal<BlockView[]>([]);
  protected readonly loadFailed = signal(false);
  protected readonly confirmCancel = signal<string | null>(null);
  protected readonly contactTypes = computed(() => this.portal.centre()?.contactTypes ?? []);
  protected readonly chosenTypes = signal<ReadonlySet<string>>(new Set());
  protected readonly windowForm = this.fb.group({
    kind: ['weekly' as 'weekly' | 'single'],
    weekday: [String(weekdayOf(this.today))],
    date: [this.today],
    validFrom: [this.today],
    validUntil: [''],
    from: ['09:00', Validators.required],
    to: ['12:00', Validators.required],
    slotMinutes: [50],
    bufferMinutes: [10],
  });
  protected readonly blockForm = this.fb.group({ fromDate: [this.today], untilDate: [this.today] });
  protected readonly rulesForm = this.fb.group({ minNoticeHours: [MIN_NOTICE_HOURS.default as number], horizonDays: [HORIZON_DAYS.default as number] });

  constructor() {
    const realtime = inject(Realtime);
    realtime
      .on('scheduling.booking')
      .pipe(takeUntilDestroyed())
      .subscribe(() => void this.load());
  }

  ngOnInit(): void {
    void this.load();
    void this.api.profile(this.centre()).then((p) => this.rulesForm.setValue({ minNoticeHours: p.minNoticeHours, horizonDays: p.horizonDays }));
  }

  async load(): Promise<void> {
    try {
      const [days, upcoming, windows, blocks] = await Promise.all([
        this.api.calendar(this.centre(), this.weekStart()),
        this.api.bookings(this.centre(), 'upcoming'),
        this.api.windows(this.centre()),
        this.api.blocks(this.centre()),
      ]);
      this.days.set(days);
      this.upcoming.set(upcoming);
      this.windows.set(windows);
      this.blocks.set(blocks);
      this.loadFailed.set(false);
    } catch {
      if (this.days() === null) this.loadFailed.set(true);
    }
  }

  protected plus = plusDays;

  protected short(date: string): string {
    return shortDay(date, this.i18n.lang());
  }

  protected day(date: string): string {
    return longDay(date, this.i18n.lang());
  }

  protected weekday(w: number): string {
    return weekdayName(w, this.i18n.lang());
  }

  protected describe(w: WindowView): string {
    return w.kind === 'weekly'
      ? this.i18n.t('scheduling.weeklyWindow', { weekday: this.weekday(w.weekday ?? 1), from: w.from, to: w.to, until: w.validUntil ? this.short(w.validUntil) : '' })
      : this.i18n.t('scheduling.singleWindow', { date: this.short(w.date ?? ''), from: w.from, to: w.to });
  }

  protected async shift(days: number): Promise<void> {
    this.weekStart.set(plusDays(this.weekStart(), days));
    await this.load();
  }

  protected async thisWeek(): Promise<void> {
    this.weekStart.set(plusDays(this.today, 1 - weekdayOf(this.today)));
    await this.load();
  }

  protected toggleType(type: string, on: boolean): void {
    const next = new Set(this.chosenTypes());
    if (on) next.add(type);
    else next.delete(type);
    this.chosenTypes.set(next);
  }

  async publish(): Promise<void> {
    const v = this.windowForm.getRawValue();
    const base = { from: v.from, to: v.to, slotMinutes: Number(v.slotMinutes), bufferMinutes: Number(v.bufferMinutes) || 0, contactTypes: [...this.chosenTypes()] };
    const input =
      v.kind === 'weekly'
        ? { kind: 'weekly' as const, weekday: Number(v.weekday), validFrom: v.validFrom || undefined, validUntil: v.validUntil || undefined, ...base }
        : { kind: 'single' as const, date: v.date, ...base };
    if (await this.action.run(() => this.api.addWindow(this.centre(), input), this.i18n.t('scheduling.published'))) await this.load();
  }

  async removeWindow(w: WindowView): Promise<void> {
    if (await this.action.run(() => this.api.removeWindow(this.centre(), w.id), this.i18n.t('scheduling.windowRemoved'))) await this.load();
  }

  async block(): Promise<void> {
    const v = this.blockForm.getRawValue();
    if (await this.action.run(() => this.api.addBlock(this.centre(), v.fromDate, v.untilDate), this.i18n.t('scheduling.blockedNotice'))) await this.load();
  }

  async removeBlock(b: BlockView): Promise<void> {
    if (await this.action.run(() => this.api.removeBlock(this.centre(), b.id))) await this.load();
  }

  async saveRules(): Promise<void> {
    const v = this.rulesForm.getRawValue();
    if (await this.action.run(() => this.api.saveProfile(this.centre(), { minNoticeHours: Number(v.minNoticeHours), horizonDays: Number(v.horizonDays) }), this.i18n.t('common.saved'))) await this.load();
  }

  async cancel(b: BookingView): Promise<void> {
    this.confirmCancel.set(null);
    if (await this.action.run(() => this.api.cancel(this.centre(), b.id), this.i18n.t('scheduling.cancelledNotice'))) await this.load();
  }
}
