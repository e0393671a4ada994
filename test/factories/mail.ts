import type { MailMessageView } from '../../modules/mail/contracts.js';
import type { CaseSummary } from '../../src/contracts/index.js';
import type { ApiClient } from '../support/api-client.js';
import type { TestApp } from '../support/test-app.js';
import { createAccount, type CentreFixture, login, registerClient } from './centres.js';

export interface Person {
  id: string;
  client: ApiClient;
  login: string;
  password: string;
}

export async function counsellor(t: TestApp, centre: CentreFixture, name = 'Beraterin'): Promise<Person> {
  const account = await createAccount(t, centre.id, 'counsellor', { displayName: name });
  const client = await login(t, centre.slug, account.email, account.password);
  return { id: account.id, client, login: account.email, password: account.password };
}

export async function client(t: TestApp, centre: CentreFixture): Promise<Person & { username: string; email: string }> {
  const reg = await registerClient(t, centre.slug);
  const session = await login(t, centre.slug, reg.username, reg.password);
  const me = await session.get<{ id: string }>('/api/v1/auth/me');
  return { id: me.body.id, client: session, login: reg.username, password: reg.password, username: reg.username, email: reg.email };
}

export async function enquiry(centre: CentreFixture, person: Person, text = 'Ich brauche Hilfe mit meinem Sohn.', routing = {}): Promise<string> {
  const res = await person.client.post<{ caseId: string }>(`/api/v1/centres/${centre.slug}/enquiries`, { text, ...routing });
  if (res.status !== 201) throw new Error(`enquiry failed: ${res.status} ${res.text}`);
  return res.body.caseId;
}

export async function assign(centre: CentreFixture, admin: ApiClient, caseId: string, counsellorId: string): Promise<CaseSummary> {
  const res = await admin.put<CaseSummary>(`/api/v1/centres/${centre.slug}/cases/${caseId}/counsellor`, { counsellorId });
  if (res.status !== 200) throw new Error(`assign failed: ${res.status} ${res.text}`);
  return res.body;
}

export async function post(centre: CentreFixture, person: Person, caseId: string, text: string): Promise<MailMessageView> {
  const res = await person.client.post<MailMessageView>(`/api/v1/centres/${centre.slug}/cases/${caseId}/messages`, { text });
  if (res.status !== 201) throw new Error(`post failed: ${res.status} ${res.text}`);
  return res.body;
}

export async function thread(centre: CentreFixture, person: Person, caseId: string): Promise<string[]> {
  const res = await person.client.get<MailMessageView[]>(`/api/v1/centres/${centre.slug}/cases/${caseId}/messages`);
  if (res.status !== 200) throw new Error(`thread failed: ${res.status} ${res.text}`);
  return res.body.map((m) => m.text);
}
