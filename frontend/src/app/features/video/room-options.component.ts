import { ChangeDetectionStrategy, Component, input, model } from '@angular/core';

import type { VideoRoomOptions } from '@modules/video/contracts';

import type { TextKey } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';

const OPTIONS: { key: keyof VideoRoomOptions; label: TextKey; hint: TextKey }[] = [
  { key: 'lobby', label: 'video.option.lobby', hint: 'video.option.lobbyHint' },
  { key: 'startMuted', label: 'video.option.startMuted', hint: 'video.option.startMutedHint' },
  { key: 'audioOnly', label: 'video.option.audioOnly', hint: 'video.option.audioOnlyHint' },
  { key: 'guestsAllowed', label: 'video.option.guestsAllowed', hint: 'video.option.guestsAllowedHint' },
];

/** A room's options as checkboxes, each with what it does in plain words. */
@Component({
  selector: 'bd-video-room-options',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset class="room-options">
      <legend>{{ 'video.options' | t }}</legend>
      @for (o of options; track o.key) {
        <div class="checkbox">
          <input type="checkbox" [id]="idPrefix() + '-' + o.key" [checked]="value()[o.key]" (change)="set(o.key, $any($event.target).checked)" [attr.aria-describedby]="idPrefix() + '-' + o.key + '-hint'" />
          <label [for]="idPrefix() + '-' + o.key">{{ o.label | t }}</label>
          <p class="hint" [id]="idPrefix() + '-' + o.key + '-hint'">{{ o.hint | t }}</p>
        </div>
      }
    </fieldset>
  `,
})
export class RoomOptionsComponent {
  readonly idPrefix = input.required<string>();
  readonly value = model.required<VideoRoomOptions>();
  protected readonly options = OPTIONS;

  protected set(key: keyof VideoRoomOptions, on: boolean): void {
    this.value.set({ ...this.value(), [key]: on });
  }
}
