import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import type { Routing } from '@contracts/cases';

import { TranslatePipe } from '../../core/i18n/t.pipe';

/** What the client said about their enquiry (topic, age group, postcode, preferred contact). */
@Component({
  selector: 'bd-routing',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dl class="routing">
      @if (routing().topic; as v) { <div><dt>{{ 'mail.topic' | t }}</dt><dd>{{ 'topic.' + v | t }}</dd></div> }
      @if (routing().ageGroup; as v) { <div><dt>{{ 'mail.ageGroup' | t }}</dt><dd>{{ 'age.' + v | t }}</dd></div> }
      @if (routing().postcode; as v) { <div><dt>{{ 'mail.postcode' | t }}</dt><dd>{{ v }}</dd></div> }
      @if (routing().preferredContact; as v) { <div><dt>{{ 'mail.preferredContact' | t }}</dt><dd>{{ 'contact.' + v | t }}</dd></div> }
    </dl>
  `,
})
export class RoutingComponent {
  readonly routing = input.required<Routing>();
}
