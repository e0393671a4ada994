import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DocumentsService } from '../../modules/documents/documents.service.js';
import { MailService } from '../../modules/mail/mail.service.js';
import { CaseContent, contentReader } from '../../src/cases/case-content.js';
import { CasesService } from '../../src/cases/cases.service.js';
import type { Principal, ResolvedCentre } from '../../src/common/request.js';
import { DomainError } from '../../src/common/domain-error.js';
import { createCentre, type CentreFixture, login } from '../factories/centres.js';
import { assign, client, counsellor, enquiry, post } from '../factories/mail.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const notFound = { code: 'CASE_NOT_FOUND', status: 404 };

/**
 * The kernel decides who may read a case's content, and refuses the administration and the
 * operator there — not only by the routes' roles. These tests call the features' services as
 * the admin, past the routes, on data where the admin would otherwise match: they fail if the
 * kernel's exclusion is taken away.
 */
describe("the kernel's content access decision", () => {
  let t: TestApp;
  let centre: CentreFixture;
  let resolved: ResolvedCentre;
  let admin: Principal;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    centre = await createCentre(t, { modules: ['mail', 'documents'] });
    resolved = { id: centre.id, slug: centre.slug, name: centre.slug, modules: ['mail', 'documents'], suspended: false };
    const adminClient = await login(t, centre.slug, centre.admin.email, centre.admin.password);
    const me = await adminClient.get<{ id: string }>('/api/v1/auth/me');
    admin = { type: 'user', id: me.body.id, role: 'admin', centreId: centre.id };
    const anna = await counsellor(t, centre);
    const klara = await client(t, centre);
    caseId = await enquiry(centre, klara, 'Vertraulich: nur für die Beraterin.');
    await assign(centre, adminClient, caseId, anna.id);
    await post(centre, anna, caseId, 'Antwort der Beraterin');
    // The data says the admin holds this case and its period, as a counsellor would: only the
    // kernel's rule stands between the admin and the content now.
    await t.dataSource.query('UPDATE counselling_case SET counsellorId = ? WHERE id = ?', [admin.id, caseId]);
    await t.dataSource.query('UPDATE case_period SET counsellorId = ? WHERE caseId = ?', [admin.id, caseId]);
  });
  afterAll(() => t?.close());

  const refused = async (call: () => Promise<unknown>) => {
    const error = await call().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject(notFound);
  };

  it('refuses the admin in the decision itself', () => {
    expect(() => contentReader(admin)).toThrow(DomainError);
    expect(() => t.app.get(CaseContent).readable(centre.id, admin, { caseId: 'm.caseId', periodId: 'm.periodId' })).toThrow(DomainError);
    expect(() => t.app.get(CaseContent).currentPeriod(centre.id, admin, caseId, admin.id)).toThrow(DomainError);
  });

  it('refuses the admin in every content service, past the routes', async () => {
    const mail = t.app.get(MailService);
    await refused(() => mail.messages(resolved, admin, caseId, {}));
    await refused(() => mail.post(resolved, admin, caseId, 'vom Admin'));
    await refused(() => mail.note(resolved, admin, caseId));
    await refused(() => mail.markRead(resolved, admin, caseId));
    await refused(() => t.app.get(DocumentsService).list(resolved, admin, caseId));
    await refused(() => t.app.get(CasesService).contentAccess(resolved, admin, caseId));
    const stored = await t.dataSource.query<{ n: number | string }[]>("SELECT COUNT(*) AS n FROM mail_message WHERE caseId = ? AND authorRole = 'admin'", [caseId]);
    expect(Number(stored[0]!.n)).toBe(0);
  });

  it('refuses the operator too', async () => {
    const operator: Principal = { type: 'operator', id: admin.id, role: 'operator', centreId: null };
    await refused(() => t.app.get(MailService).messages(resolved, operator, caseId, {}));
    await refused(() => t.app.get(CasesService).contentAccess(resolved, operator, caseId));
  });
});
