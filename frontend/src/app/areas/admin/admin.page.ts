import { ChangeDetectionStrategy, Component, computed, inject, input, type OnInit, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';

import { AuthStore } from '../../core/auth/auth.store';
import { I18n, type TextKey } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { ActionState } from '../../shared/ui/action-state';
import { AssignmentBoardComponent } from '../cases/assignment-board.component';
import { type FeatureComponent, FeatureOutletComponent } from '../portal/feature-outlet.component';
import { PortalStore } from '../portal/portal.store';
import { AdminApi, type UserFilter, type UserSummary } from './admin.api';
import { type UserAction, UserTableComponent } from './user-table.component';

type Tab = 'cases' | 'staff' | 'clients' | 'settings';
/** A kernel tab, or a licensed feature's (by its key). */
type AnyTab = Tab | `feature-${string}`;
type ClientFilter = 'all' | 'pending' | 'idle' | 'deactivated';

/** The centre administration: invite and manage staff, look after client accounts, settings. */
@Component({
  selector: 'bd-admin-page',
  imports: [ReactiveFormsModule, TranslatePipe, UserTableComponent, AssignmentBoardComponent, FeatureOutletComponent],
  providers: [AdminApi],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>{{ 'admin.title' | t }}</h1>
    <div class="tabs" role="tablist">
      @for (t of allTabs(); track t.id) {
        <button type="button" role="tab" [id]="'tab-' + t.id" [attr.aria-selected]="tab() === t.id" [attr.aria-controls]="'panel-' + t.id" (click)="show(t.id)">
          {{ t.label | t }}
        </button>
      }
    </div>
    @if (action.notice(); as n) { <p role="status" class="success">{{ n }}</p> }
    @if (action.error(); as e) { <p role="alert" class="form-error">{{ e }}</p> }

    @switch (tab()) {
      @case ('cases') {
        <section role="tabpanel" id="panel-cases" aria-labelledby="tab-cases">
          <bd-assignment-board [centre]="centre()" />
        </section>
      }
      @case ('staff') {
        <section role="tabpanel" id="panel-staff" aria-labelledby="tab-staff">
          <div class="card">
            <h2>{{ 'admin.inviteTitle' | t }}</h2>
            <p class="hint">{{ 'admin.inviteHint' | t }}</p>
            <form [formGroup]="invite" (ngSubmit)="sendInvite()" class="grid-form" novalidate>
              <div class="field">
                <label for="inv-name">{{ 'common.name' | t }}</label>
                <input id="inv-name" formControlName="name" autocomplete="off" />
                @if (action.field('name'); as e) { <p class="field-error">{{ e }}</p> }
              </div>
              <div class="field">
                <label for="inv-email">{{ 'common.email' | t }}</label>
                <input id="inv-email" type="email" formControlName="email" autocomplete="off" />
                @if (action.field('email'); as e) { <p class="field-error">{{ e }}</p> }
              </div>
              <div class="field">
                <label for="inv-role">{{ 'common.role' | t }}</label>
                <select id="inv-role" formControlName="role">
                  <option value="counsellor">{{ 'admin.roleCounsellor' | t }}</option>
                  <option value="admin">{{ 'admin.roleAdmin' | t }}</option>
                </select>
              </div>
              <button type="submit" [disabled]="action.busy()">{{ 'admin.inviteSubmit' | t }}</button>
            </form>
          </div>
          @if (staff().length === 0) {
            <p>{{ 'admin.emptyStaff' | t }}</p>
          } @else {
            <bd-user-table [users]="staff()" [showEmail]="true" [showRole]="true" [selfId]="selfId()" (act)="act($event)" />
          }
        </section>
      }
      @case ('clients') {
        <section role="tabpanel" id="panel-clients" aria-labelledby="tab-clients">
          <div class="toolbar">
            <label for="client-filter">{{ 'admin.filterLabel' | t }}</label>
            <select id="client-filter" [value]="clientFilter()" (change)="filterClients($any($event.target).value)">
              <option value="all">{{ 'admin.filterAll' | t }}</option>
              <option value="pending">{{ 'admin.filterPending' | t }}</option>
              <option value="idle">{{ 'admin.filterIdle' | t }}</option>
              <option value="deactivated">{{ 'admin.filterDeactivated' | t }}</option>
            </select>
            <button type="button" class="secondary" (click)="purge()" [disabled]="action.busy()" aria-describedby="purge-hint">{{ 'admin.purge' | t }}</button>
          </div>
          <p class="hint" id="purge-hint">{{ 'admin.purgeHint' | t }}</p>
          @if (clients().length === 0) {
            <p>{{ 'admin.emptyClients' | t }}</p>
          } @else {
            <bd-user-table [users]="clients()" (act)="act($event)" />
          }
        </section>
      }
      @case ('settings') {
        <section role="tabpanel" id="panel-settings" aria-labelledby="tab-settings" class="card">
          <div class="field checkbox">
            <input id="set-2fa" type="checkbox" [checked]="twoFactorRequired()" (change)="saveTwoFactor($any($event.target).checked)" aria-describedby="set-2fa-hint" />
            <label for="set-2fa">{{ 'admin.settingTwoFactor' | t }}</label>
          </div>
          <p class="hint" id="set-2fa-hint">{{ 'admin.settingTwoFactorHint' | t }}</p>
          <bd-feature-outlet [components]="settingsPanels()" [inputs]="{ centre: centre() }" />
        </section>
      }
      @default {
        @if (featureTab(); as f) {
          <section role="tabpanel" [id]="'panel-' + f.id" [attr.aria-labelledby]="'tab-' + f.id">
            <bd-feature-outlet [components]="[f]" [inputs]="{ centre: centre() }" />
          </section>
        }
      }
    }
  `,
})
export class AdminPage implements OnInit {
  readonly centre = input.required<string>();
  private readonly api = inject(AdminApi);
  private readonly auth = inject(AuthStore);
  private readonly i18n = inject(I18n);
  protected readonly tabs: { id: Tab; label: 'admin.tabCases' | 'admin.tabStaff' | 'admin.tabClients' | 'admin.tabSettings' }[] = [
    { id: 'cases', label: 'admin.tabCases' },
    { id: 'staff', label: 'admin.tabStaff' },
    { id: 'clients', label: 'admin.tabClients' },
    { id: 'settings', label: 'admin.tabSettings' },
  ];
  /** The open tab lives in the address (`?tab=staff`), so reloading and links keep it. */
  readonly tabParam = input<string | undefined>(undefined, { alias: 'tab' });
  /** The kernel's tabs, then one per licensed feature that brings one. */
  protected readonly allTabs = computed<{ id: AnyTab; label: TextKey }[]>(() => [
    ...this.tabs,
    ...this.portal.features().flatMap((f) => (f.adminTab ? [{ id: `feature-${f.key}` as const, label: f.adminTab.label as TextKey }] : [])),
  ]);
  protected readonly tab = computed<AnyTab>(() => this.allTabs().find((t) => t.id === this.tabParam())?.id ?? 'cases');
  protected readonly featureTab = computed<FeatureComponent | null>(() => {
    const f = this.portal.features().find((x) => `feature-${x.key}` === this.tab());
    return f?.adminTab ? { id: `feature-${f.key}`, feature: f.key, load: f.adminTab.component } : null;
  });
  private readonly router = inject(Router);
  protected readonly staff = signal<UserSummary[]>([]);
  protected readonly clients = signal<UserSummary[]>([]);
  protected readonly clientFilter = signal<ClientFilter>('all');
  protected readonly twoFactorRequired = signal(false);
  protected readonly action = new ActionState(inject(I18n));
  protected readonly selfId = computed(() => this.auth.me()?.id ?? null);
  /** The licensed features' own settings for this centre, below the centre's. */
  private readonly portal = inject(PortalStore);
  protected readonly settingsPanels = computed<FeatureComponent[]>(() =>
    this.portal.features().flatMap((f) => (f.settingsPanel ? [{ id: f.key, feature: f.key, load: f.settingsPanel }] : [])),
  );
  protected readonly invite = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    email: ['', [Validators.required, Validators.email]],
    role: ['counsellor' as 'counsellor' | 'admin'],
  });

  ngOnInit(): void {
    this.api.forCentre(this.centre());
    void this.refresh();
  }

  protected show(tab: AnyTab): void {
    void this.router.navigate([], { queryParams: { tab }, queryParamsHandling: 'merge' });
    this.action.clear();
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    const [admins, counsellors] = await Promise.all([this.api.users({ role: 'admin' }), this.api.users({ role: 'counsellor' })]);
    this.staff.set([...admins, ...counsellors]);
    const filter: UserFilter =
      this.clientFilter() === 'idle'
        ? { idle: true }
        : this.clientFilter() === 'all'
          ? { role: 'client' }
          : { role: 'client', status: this.clientFilter() as UserSummary['status'] };
    this.clients.set(await this.api.users(filter));
    this.twoFactorRequired.set((await this.api.settings()).staffTwoFactorRequired);
  }

  private async run(work: () => Promise<unknown>, done?: string): Promise<boolean> {
    const ok = await this.action.run(work, done);
    await this.refresh();
    return ok;
  }

  async sendInvite(): Promise<void> {
    this.invite.markAllAsTouched();
    if (this.invite.invalid) return;
    const body = this.invite.getRawValue();
    if (await this.run(() => this.api.invite(body), this.i18n.t('admin.invited', { email: body.email }))) {
      this.invite.reset({ name: '', email: '', role: 'counsellor' });
    }
  }

  async act(action: UserAction): Promise<void> {
    switch (action.kind) {
      case 'deactivate':
        await this.run(() => this.api.setActive(action.user.id, false));
        break;
      case 'reactivate':
        await this.run(() => this.api.setActive(action.user.id, true));
        break;
      case 'resend':
        await this.run(() => this.api.resend(action.user.id), this.i18n.t('admin.resent'));
        break;
      case 'delete':
        await this.run(() => this.api.remove(action.user.id), this.i18n.t('admin.deleted'));
        break;
    }
  }

  async filterClients(filter: ClientFilter): Promise<void> {
    this.clientFilter.set(filter);
    await this.refresh();
  }

  async purge(): Promise<void> {
    let deleted = 0;
    await this.run(async () => (deleted = (await this.api.purge()).deleted));
    this.action.notice.set(this.i18n.t('admin.purged', { count: deleted }));
  }

  async saveTwoFactor(required: boolean): Promise<void> {
    await this.run(() => this.api.saveSettings({ staffTwoFactorRequired: required }), this.i18n.t('common.saved'));
  }
}
