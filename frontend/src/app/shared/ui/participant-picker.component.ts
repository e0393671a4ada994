import { ChangeDetectionStrategy, Component, input, model } from '@angular/core';

import type { PersonRef } from '@contracts/cases';

import type { TextKey } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';

/** Checkboxes to choose people (e.g. the members of a new group or chat room). */
@Component({
  selector: 'bd-participant-picker',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset>
      <legend>{{ legend() | t }}</legend>
      @for (p of people(); track p.id) {
        <div class="checkbox">
          <input type="checkbox" [id]="idPrefix() + '-' + p.id" [checked]="chosen().has(p.id)" (change)="choose(p.id, $any($event.target).checked)" />
          <label [for]="idPrefix() + '-' + p.id">{{ p.name }}</label>
        </div>
      }
    </fieldset>
  `,
})
export class ParticipantPickerComponent {
  readonly people = input.required<readonly PersonRef[]>();
  readonly legend = input.required<TextKey>();
  /** Makes the checkboxes' ids unique on the page. */
  readonly idPrefix = input.required<string>();
  /** The ids of the people chosen. */
  readonly chosen = model<ReadonlySet<string>>(new Set());

  protected choose(id: string, on: boolean): void {
    const next = new Set(this.chosen());
    if (on) next.add(id);
    else next.delete(id);
    this.chosen.set(next);
  }
}
