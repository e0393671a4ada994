import { ChangeDetectionStrategy, Component, inject, input, type OnInit, signal, ViewEncapsulation } from '@angular/core';

import type { TeamAdminView } from '@modules/scheduling/contracts';

import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { ActionState } from '../../shared/ui/action-state';
import { SchedulingApi } from './scheduling.api';

/** For the administration: who is on the team page (hide anyone), who is crisis contact (switch it off). */
@Component({
  selector: 'bd-admin-team',
  imports: [TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // The feature's styles come with its pages and apply to every part of it once loaded.
  styleUrl: './scheduling.css',
  encapsulation: ViewEncapsulation.None,
  template: `
    <div class="card">
      <h2>{{ 'scheduling.adminTitle' | t }}</h2>
      <p class="hint">{{ 'scheduling.adminHint' | t }}</p>
      @if (action.notice(); as n) { <p class="success" role="status">{{ n }}</p> }
      @if (action.error(); as e) { <p class="form-error" role="alert">{{ e }}</p> }
      @if (team(); as list) {
        @if (list.length === 0) {
          <p class="hint">{{ 'scheduling.adminEmpty' | t }}</p>
        } @else {
          <div class="table-scroll">
            <table>
              <thead>
                <tr><th scope="col">{{ 'common.name' | t }}</th><th scope="col">{{ 'scheduling.adminShown' | t }}</th><th scope="col">{{ 'scheduling.adminCrisis' | t }}</th></tr>
              </thead>
              <tbody>
                @for (m of list; track m.id) {
                  <tr>
                    <th scope="row">{{ m.name }}</th>
                    <td>
                      <div class="checkbox">
                        <input type="checkbox" [id]="'hide-' + m.id" [checked]="m.hiddenByAdmin" (change)="hide(m, $any($event.target).checked)" />
                        <label [for]="'hide-' + m.id">{{ 'scheduling.adminHide' | t }}</label>
                      </div>
                      <span class="hint">{{ (m.teamVisible ? 'scheduling.adminWantsShown' : 'scheduling.adminNotShown') | t }}</span>
                    </td>
                    <td>
                      @if (m.crisis.active) {
                        <span class="tag">{{ 'scheduling.adminOnDuty' | t }}</span>
                        <button type="button" class="small secondary" (click)="crisisOff(m)">{{ 'scheduling.adminCrisisOff' | t }}</button>
                      } @else {
                        <span class="hint">–</span>
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        }
      } @else {
        <p role="status">{{ 'common.loading' | t }}</p>
      }
    </div>
  `,
})
export class AdminTeamComponent implements OnInit {
  readonly centre = input.required<string>();
  private readonly api = inject(SchedulingApi);
  private readonly i18n = inject(I18n);
  protected readonly action = new ActionState(this.i18n);
  protected readonly team = signal<TeamAdminView[] | null>(null);

  ngOnInit(): void {
    void this.action.run(async () => this.team.set(await this.api.adminTeam(this.centre())));
  }

  async hide(m: TeamAdminView, hidden: boolean): Promise<void> {
    await this.action.run(async () => this.team.set(await this.api.setHidden(this.centre(), m.id, hidden)), this.i18n.t('common.saved'));
  }

  async crisisOff(m: TeamAdminView): Promise<void> {
    await this.action.run(async () => {
      await this.api.crisisOff(this.centre(), m.id);
      this.team.set(await this.api.adminTeam(this.centre()));
    }, this.i18n.t('scheduling.adminCrisisEnded', { name: m.name }));
  }
}
