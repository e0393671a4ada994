import { ChangeDetectionStrategy, Component, computed, inject, input, type OnInit, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import { merge } from 'rxjs';

import type { CaseSummary } from '@contracts/cases';

import { TranslatePipe } from '../../core/i18n/t.pipe';
import type { DocumentsPortalInfo } from '@modules/documents/contracts';

import { PortalStore } from '../../areas/portal/portal.store';
import { DocumentBoxComponent } from '../documents/document-box.component';
import { Realtime } from '../../core/realtime/realtime';
import { CaseListComponent } from './case-list.component';
import { EnquiryFormComponent } from './enquiry-form.component';
import { MailApi } from './mail.api';
import { ThreadComponent } from './thread.component';
import { LoadFailedComponent } from '../../shared/ui/load-failed.component';

/** The client's counselling: the enquiry form until there is a case, then the thread(s). */
@Component({
  selector: 'bd-client-mail',
  imports: [LoadFailedComponent, TranslatePipe, CaseListComponent, DocumentBoxComponent, EnquiryFormComponent, ThreadComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (cases(); as list) {
      @if (list.length === 0) {
        <bd-enquiry-form [centre]="centre()" (sent)="opened($event)" />
      } @else {
        @if (list.length > 1) {
          <nav [attr.aria-label]="'mail.conversations' | t">
            <bd-case-list [cases]="list" [base]="'/' + centre() + '/start'" [selected]="current()?.id ?? null" perspective="client" />
          </nav>
        }
        @if (current(); as c) {
          <h2>
            @if (c.kind === 'group') { {{ c.title }} }
            @else if (c.counsellor) { {{ 'mail.with' | t: { name: c.counsellor.name } }} }
            @else { {{ 'mail.awaitingTitle' | t }} }
          </h2>
          @if (!c.counsellor && c.kind === 'individual') { <p class="hint">{{ 'mail.awaitingText' | t }}</p> }
          <bd-thread [centre]="centre()" [caseId]="c.id" [summary]="c" (read)="markedRead($event)" />
          @if (documentMaxBytes(); as max) { <bd-document-box [centre]="centre()" [caseId]="c.id" [maxBytes]="max" /> }
        }
      }
    } @else {
      @if (loadFailed()) {
            <bd-load-failed (retry)="retry()" />
          } @else {
            <p role="status">{{ 'common.loading' | t }}</p>
          }
    }
  `,
})
export class ClientMailPage implements OnInit {
  readonly centre = input.required<string>();
  readonly caseId = input<string>();
  /** The document box shows where the centre has the `documents` module. */
  private readonly portal = inject(PortalStore);
  protected readonly documentMaxBytes = computed(() => (this.portal.centre()?.features['documents'] as DocumentsPortalInfo | undefined)?.maxBytes ?? null);
  private readonly api = inject(MailApi);
  private readonly router = inject(Router);
  protected readonly cases = signal<CaseSummary[] | null>(null);
  protected readonly current = computed(() => {
    const list = this.cases() ?? [];
    return list.find((c) => c.id === this.caseId()) ?? list.find((c) => c.kind === 'individual') ?? list.at(0) ?? null;
  });

  ngOnInit(): void {
    void this.load();
  }

  constructor() {
    const realtime = inject(Realtime);
    // A reconnect too: what changed while the connection was away (e.g. a phone asleep).
    merge(realtime.on('mail.unread'), realtime.on('case.updated'), realtime.on('case.assigned'), realtime.connects)
      .pipe(takeUntilDestroyed())
      .subscribe(() => void this.load());
  }

  protected readonly loadFailed = signal(false);

  protected retry(): void {
    this.loadFailed.set(false);
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.cases.set(await this.api.cases(this.centre()));
      this.loadFailed.set(false);
    } catch {
      // Shown only while nothing is on screen yet; a later failure keeps what is shown.
      if (this.cases() === null) this.loadFailed.set(true);
    }
  }

  protected async opened(caseId: string): Promise<void> {
    await this.load();
    await this.router.navigate(['/', this.centre(), 'start', caseId]);
  }

  protected markedRead(caseId: string): void {
    this.cases.update((list) => list?.map((c) => (c.id === caseId ? { ...c, unread: 0 } : c)) ?? null);
  }
}
