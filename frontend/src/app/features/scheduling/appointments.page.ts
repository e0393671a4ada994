import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';

import { AuthStore } from '../../core/auth/auth.store';
import { BookingPage } from './booking.page';
import { WeekPage } from './week.page';

/** /:centre/termine: a client books, a counsellor keeps their week. */
@Component({
  selector: 'bd-appointments-page',
  imports: [BookingPage, WeekPage],
  changeDetection: ChangeDetectionStrategy.OnPush,
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
