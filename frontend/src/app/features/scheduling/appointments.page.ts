import { ChangeDetectionStrategy, Component, computed, inject, input, ViewEncapsulation } from '@angular/core';

import { AuthStore } from '../../core/auth/auth.store';
import { BookingPage } from './booking.page';
import { WeekPage } from './week.page';

/** /:centre/termine: a client books, a counsellor keeps their week. */
@Component({
  selector: 'bd-appointments-page',
  imports: [BookingPage, WeekPage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // The feature's styles come with its pages and apply to every part of it once loaded.
  styleUrl: './scheduling.css',
  encapsulation: ViewEncapsulation.None,
  template: `
    @if (isCounsellor()) {
      <bd-week-page [centre]="centre()" />
    } @else {
      <bd-booking-page [centre]="centre()" />
    }
  `,
})
export class AppointmentsPage {
  readonly centre = input.required<string>();
  private readonly auth = inject(AuthStore);
  protected readonly isCounsellor = computed(() => this.auth.me()?.role === 'counsellor');
}
