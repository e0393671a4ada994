import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';

import type { CaseSummary } from '@contracts/cases';

import { TranslatePipe } from '../../core/i18n/t.pipe';

/** Cases as a list of links with unread badges; unread first, then the most recent. */
@Component({
  selector: 'bd-case-list',
  imports: [DatePipe, RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ul class="case-list">
      @for (c of sorted(); track c.id) {
        <li>
          <a [routerLink]="[base(), c.id]" [class.selected]="c.id === selected()" [attr.aria-current]="c.id === selected() ? 'page' : null">
            <span class="case-title">
              @if (c.kind === 'group') { <span class="tag">{{ 'cases.group' | t }}</span> {{ c.title }} }
              @else if (perspective() === 'client') { {{ c.counsellor?.name || ('cases.awaiting' | t) }} }
              @else { {{ names(c) }} }
            </span>
            @if (c.unread > 0) {
              <span class="badge" [attr.aria-label]="'common.unread' | t: { count: c.unread }">{{ c.unread }}</span>
            }
            <span class="case-time">{{ c.lastActivityAt | date: 'dd.MM. HH:mm' }}</span>
          </a>
        </li>
      }
    </ul>
  `,
})
export class CaseListComponent {
  readonly cases = input.required<CaseSummary[]>();
  readonly base = input.required<string>();
  readonly selected = input<string | null>(null);
  readonly perspective = input<'client' | 'counsellor'>('counsellor');
  protected readonly sorted = computed(() =>
    [...this.cases()].sort((a, b) => Number(b.unread > 0) - Number(a.unread > 0) || b.lastActivityAt.localeCompare(a.lastActivityAt)),
  );

  protected names(c: CaseSummary): string {
    return memberNames(c);
  }
}

/** The people of a case, as lists and headings name it. */
export function memberNames(c: CaseSummary): string {
  return c.members.map((m) => m.name).join(', ');
}
