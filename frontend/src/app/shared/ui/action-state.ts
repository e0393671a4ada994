import { signal } from '@angular/core';

import { ApiError } from '../../core/api/api-error';
import type { I18n } from '../../core/i18n/i18n.service';
import { errorText } from './errors';

/**
 * The state around a user action on a page: busy while it runs, then either a notice or the
 * error (with the server's field errors for the form).
 */
export class ActionState {
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly notice = signal<string | null>(null);
  readonly server = signal<ApiError | null>(null);

  constructor(private readonly i18n: I18n) {}

  async run(work: () => Promise<unknown>, done?: string): Promise<boolean> {
    this.busy.set(true);
    this.clear();
    try {
      await work();
      if (done) this.notice.set(done);
      return true;
    } catch (e) {
      this.server.set(ApiError.from(e));
      this.error.set(errorText(e, this.i18n));
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  clear(): void {
    this.error.set(null);
    this.notice.set(null);
    this.server.set(null);
  }

  /** The server's message for one form field, if it sent one. */
  field(name: string): string | undefined {
    return this.server()?.field(name);
  }
}
