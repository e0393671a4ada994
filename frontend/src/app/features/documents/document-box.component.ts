import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';

import type { DocumentView, DocumentsPortalInfo } from '@modules/documents/contracts';

import { I18n } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/t.pipe';
import { Realtime } from '../../core/realtime/realtime';
import { ActionState } from '../../shared/ui/action-state';
import { DocumentsApi } from './documents.api';
import { LoadFailedComponent } from '../../shared/ui/load-failed.component';

/** The document box of a case: list, download, upload by drag-and-drop or picker, delete own. A case panel. */
@Component({
  selector: 'bd-document-box',
  imports: [LoadFailedComponent, DatePipe, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="document-box" [attr.aria-labelledby]="'docs-' + caseId()">
      <h3 [id]="'docs-' + caseId()" tabindex="-1">{{ 'documents.title' | t }}</h3>
      @if (loaded() && documents().length === 0) { <p class="hint">{{ 'documents.empty' | t }}</p> }
      @if (loadFailed()) {
        <bd-load-failed (retry)="retry()" />
      }
      <ul class="documents">
        @for (d of documents(); track d.id) {
          <li class="document">
            <a class="document-name" [href]="url(d)" download>{{ d.name }}</a>
            <span class="document-meta">
              {{ size(d.size) }} · {{ 'documents.pages' | t: { count: d.pages } }} ·
              {{ d.mine ? ('common.me' | t) : d.uploader.name }} ·
              <time [attr.datetime]="d.createdAt">{{ d.createdAt | date: 'dd.MM.yyyy HH:mm' }}</time>
            </span>
            @if (d.mine) {
              @if (confirming() === d.id) {
                <span class="confirm-row">
                  <span>{{ 'documents.confirmDelete' | t }}</span>
                  <button type="button" class="small danger" [id]="'doc-confirm-' + d.id" (click)="remove(d)">{{ 'documents.delete' | t }}</button>
                  <button type="button" class="small secondary" (click)="cancel(d)">{{ 'common.cancel' | t }}</button>
                </span>
              } @else {
                <button type="button" class="link-button" [id]="'doc-delete-' + d.id" (click)="ask(d)" [attr.aria-label]="'documents.deleteNamed' | t: { name: d.name }">
                  {{ 'documents.delete' | t }}
                </button>
              }
            }
          </li>
        }
      </ul>
      <div class="drop-zone" [class.dragging]="dragging()" (dragover)="over($event)" (dragleave)="dragging.set(false)" (drop)="dropped($event)">
        <p>{{ 'documents.dropHint' | t: { max: size(maxBytes()) } }}</p>
        <input type="file" [id]="'doc-file-' + caseId()" accept="application/pdf,.pdf" class="visually-hidden" (change)="picked($event)" [disabled]="action.busy()" />
        <label class="button secondary" [for]="'doc-file-' + caseId()">{{ 'documents.choose' | t }}</label>
      </div>
      @if (progress() !== null) {
        <p class="upload-progress">
          <label [for]="'doc-progress-' + caseId()">{{ 'documents.uploading' | t }}</label>
          <progress [id]="'doc-progress-' + caseId()" max="100" [value]="progress()">{{ progress() }} %</progress>
          <span aria-hidden="true">{{ progress() }} %</span>
        </p>
      }
      @if (action.notice(); as n) { <p class="success" role="status">{{ n }}</p> }
      @if (action.error(); as e) { <p class="form-error" role="alert">{{ e }}</p> }
    </section>
  `,
})
export class DocumentBoxComponent {
  readonly centre = input.required<string>();
  readonly caseId = input.required<string>();
  /** The documents part of the centre's portal info. */
  readonly info = input<DocumentsPortalInfo>();
  /** The centre's upload limit. */
  protected readonly maxBytes = computed(() => this.info()?.maxBytes ?? 20 * 1024 * 1024);

  private readonly api = inject(DocumentsApi);
  private readonly i18n = inject(I18n);
  protected readonly action = new ActionState(this.i18n);
  protected readonly documents = signal<DocumentView[]>([]);
  protected readonly loaded = signal(false);
  protected readonly loadFailed = signal(false);
  protected readonly dragging = signal(false);
  protected readonly progress = signal<number | null>(null);
  protected readonly confirming = signal<string | null>(null);
  private readonly numbers = computed(() => new Intl.NumberFormat(this.i18n.lang() === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: 1 }));

  constructor() {
    effect(() => {
      const caseId = this.caseId();
      untracked(() => void this.load(caseId));
    });
    const realtime = inject(Realtime);
    const destroyRef = inject(DestroyRef);
    realtime.connects.pipe(takeUntilDestroyed(destroyRef)).subscribe(() => {
      if (this.loaded()) void this.load(this.caseId());
    });
    realtime
      .on<DocumentView>('document.added')
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe((d) => {
        if (d.caseId === this.caseId() && !this.documents().some((x) => x.id === d.id)) this.documents.update((list) => [...list, d]);
      });
    realtime
      .on<{ caseId: string; id: string }>('document.removed')
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe((r) => {
        if (r.caseId === this.caseId()) this.documents.update((list) => list.filter((d) => d.id !== r.id));
      });
  }

  protected url(d: DocumentView): string {
    return this.api.contentUrl(this.centre(), this.caseId(), d.id);
  }

  protected size(bytes: number): string {
    return bytes >= 1024 * 1024 ? `${this.numbers().format(bytes / 1024 / 1024)} MB` : `${this.numbers().format(Math.max(1, Math.round(bytes / 1024)))} KB`;
  }

  private async load(caseId: string): Promise<void> {
    this.loaded.set(false);
    this.loadFailed.set(false);
    let list: DocumentView[];
    try {
      list = await this.api.list(this.centre(), caseId);
    } catch {
      if (caseId === this.caseId()) this.loadFailed.set(true);
      return;
    }
    if (caseId !== this.caseId()) return;
    this.documents.set(list);
    this.loaded.set(true);
  }

  protected retry(): void {
    void this.load(this.caseId());
  }

  protected over(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(true);
  }

  protected dropped(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    const file = event.dataTransfer?.files[0];
    // One upload at a time, as with the (then disabled) picker.
    if (file && !this.action.busy()) void this.send(file);
  }

  protected picked(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void this.send(file);
  }

  async send(file: File): Promise<void> {
    this.action.clear();
    // The server decides by content; these checks only spare a pointless upload.
    if (file.size > this.maxBytes()) {
      this.action.error.set(this.i18n.t('documents.tooLarge', { max: this.size(this.maxBytes()) }));
      return;
    }
    if (file.type !== 'application/pdf' && !/\.pdf$/i.test(file.name)) {
      this.action.error.set(this.i18n.t('documents.onlyPdf'));
      return;
    }
    this.progress.set(0);
    const caseId = this.caseId();
    let added: DocumentView | undefined;
    const ok = await this.action.run(async () => {
      added = await this.api.upload(this.centre(), caseId, file, (p) => this.progress.set(p));
    }, this.i18n.t('documents.uploaded', { name: file.name }));
    this.progress.set(null);
    if (caseId !== this.caseId()) return; // stored with its own case; another one is open now
    if (ok && added && !this.documents().some((d) => d.id === added!.id)) this.documents.update((list) => [...list, added!]);
  }

  /** Focus goes where the eye goes: to the confirmation, back to its trigger, or to the list. */
  protected ask(d: DocumentView): void {
    this.confirming.set(d.id);
    this.focusSoon(`doc-confirm-${d.id}`);
  }

  protected cancel(d: DocumentView): void {
    this.confirming.set(null);
    this.focusSoon(`doc-delete-${d.id}`);
  }

  async remove(d: DocumentView): Promise<void> {
    this.confirming.set(null);
    if (await this.action.run(() => this.api.remove(this.centre(), this.caseId(), d.id), this.i18n.t('documents.deleted', { name: d.name }))) {
      this.documents.update((list) => list.filter((x) => x.id !== d.id));
    }
    this.focusSoon(`docs-${this.caseId()}`);
  }

  private focusSoon(id: string): void {
    setTimeout(() => document.getElementById(id)?.focus());
  }
}
