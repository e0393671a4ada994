import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';

import { I18n } from '../../core/i18n/i18n.service';
import { LabelPipe } from '../../core/i18n/label.pipe';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import type { UserSummary } from './admin.api';

export type UserAction = { kind: 'deactivate' | 'reactivate' | 'delete' | 'resend'; user: UserSummary };

/** People as a table on wide screens and as cards on phones (pure CSS), with their actions. */
@Component({
  selector: 'bd-user-table',
  imports: [DatePipe, LabelPipe, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-scroll">
      <table class="data responsive">
        <thead>
          <tr>
            <th scope="col">{{ 'common.name' | t }}</th>
            @if (showEmail()) { <th scope="col">{{ 'common.email' | t }}</th> }
            @if (showRole()) { <th scope="col">{{ 'common.role' | t }}</th> }
            <th scope="col">{{ 'common.status' | t }}</th>
            <th scope="col">{{ 'common.created' | t }}</th>
            <th scope="col">{{ 'common.lastLogin' | t }}</th>
            <th scope="col"><span class="visually-hidden">{{ 'common.actions' | t }}</span></th>
          </tr>
        </thead>
        <tbody>
          @for (u of users(); track u.id) {
            <tr>
              <td [attr.data-label]="'common.name' | t">{{ u.name }}</td>
              @if (showEmail()) { <td [attr.data-label]="'common.email' | t">{{ u.email }}</td> }
              @if (showRole()) { <td [attr.data-label]="'common.role' | t">{{ u.role | label: 'role' }}@if (u.twoFactorEnabled) { · 2FA }</td> }
              <td [attr.data-label]="'common.status' | t">{{ u.status | label: 'status' }}</td>
              <td [attr.data-label]="'common.created' | t">{{ u.createdAt | date: 'dd.MM.yyyy' }}</td>
              <td [attr.data-label]="'common.lastLogin' | t">{{ u.lastLoginAt ? (u.lastLoginAt | date: 'dd.MM.yyyy HH:mm') : ('common.none' | t) }}</td>
              <td class="actions">
                @if (u.id !== selfId()) {
                  @if (u.status === 'pending' && u.role !== 'client') {
                    <button type="button" class="small secondary" (click)="act.emit({ kind: 'resend', user: u })">{{ 'admin.resend' | t }}</button>
                  }
                  @if (u.status === 'active') {
                    <button type="button" class="small secondary" (click)="act.emit({ kind: 'deactivate', user: u })">{{ 'admin.deactivate' | t }}</button>
                  }
                  @if (u.status === 'deactivated') {
                    <button type="button" class="small secondary" (click)="act.emit({ kind: 'reactivate', user: u })">{{ 'admin.reactivate' | t }}</button>
                  }
                  <button type="button" class="small danger" (click)="confirmDelete(u)" [attr.aria-label]="('common.delete' | t) + ': ' + u.name">{{ 'common.delete' | t }}</button>
                }
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class UserTableComponent {
  readonly users = input.required<UserSummary[]>();
  readonly showEmail = input(false);
  readonly showRole = input(false);
  readonly selfId = input<string | null>(null);
  readonly act = output<UserAction>();
  private readonly i18n = inject(I18n);

  protected confirmDelete(user: UserSummary): void {
    if (confirm(this.i18n.t('admin.deleteConfirm', { name: user.name }))) this.act.emit({ kind: 'delete', user });
  }
}
