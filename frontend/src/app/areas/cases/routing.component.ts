import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import type { Routing } from '@contracts/cases';

import { LabelPipe } from '../../core/i18n/label.pipe';
import { TranslatePipe } from '../../core/i18n/t.pipe';

/** What the client said about their enquiry (topic, age group, postcode, preferred contact). */
@Component({
  selector: 'bd-routing',
  imports: [LabelPipe, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <dl class="routing">
      @if (routing().topic; as v) { <div><dt>{{ 'routing.topic' | t }}</dt><dd>{{ v | label: 'topic' }}</dd></div> }
      @if (routing().ageGroup; as v) { <div><dt>{{ 'routing.ageGroup' | t }}</dt><dd>{{ v | label: 'age' }}</dd></div> }
      @if (routing().postcode; as v) { <div><dt>{{ 'routing.postcode' | t }}</dt><dd>{{ v }}</dd></div> }
      @if (routing().preferredContact; as v) { <div><dt>{{ 'routing.preferredContact' | t }}</dt><dd>{{ v | label: 'contact' }}</dd></div> }
    </dl>
  `,
})
export class RoutingComponent {
  readonly routing = input.required<Routing>();
}
