import { ChangeDetectionStrategy, Component, input, ViewEncapsulation } from '@angular/core';
import { RouterLink } from '@angular/router';

import type { SchedulingPortalInfo } from '@modules/scheduling/contracts';

import { TranslatePipe } from '../../core/i18n/t.pipe';

/** On the portal page: a way to the team page, once someone is on it. */
@Component({
  selector: 'bd-team-teaser',
  imports: [RouterLink, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // The feature's styles come with its pages and apply to every part of it once loaded.
  styleUrl: './scheduling.css',
  encapsulation: ViewEncapsulation.None,
  template: `
    @if ((info()?.teamSize ?? 0) > 0) {
      <p class="team-teaser"><a [routerLink]="['/', centre(), 'team']">{{ 'scheduling.teamLink' | t }}</a></p>
    }
  `,
})
export class TeamTeaserComponent {
  readonly centre = input.required<string>();
  readonly info = input<SchedulingPortalInfo | undefined>();
}
