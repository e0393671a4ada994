import { ChangeDetectionStrategy, Component, output } from '@angular/core';

import { TranslatePipe } from '../../core/i18n/t.pipe';

/** "Could not be loaded" with a way to try again — the same wherever a list fails to load. */
@Component({
  selector: 'bd-load-failed',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<p class="form-error" role="alert">{{ 'common.loadFailed' | t }} <button type="button" class="link-button" (click)="retry.emit()">{{ 'common.retry' | t }}</button></p>`,
})
export class LoadFailedComponent {
  readonly retry = output<void>();
}
