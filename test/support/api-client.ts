import type { Problem } from '../../src/contracts/problem.js';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/**
 * A minimal browser stand-in over real HTTP: keeps cookies, fetches a CSRF token before the
 * first state-changing request and takes the fresh one a login answers with.
 */
export class ApiClient {
  private readonly cookies = new Map<string, string>();
  csrfToken?: string;
  /** Send requests without the CSRF header, to prove the server refuses them. */
  omitCsrf = false;

  constructor(readonly baseUrl: string) {}

  get<T = unknown>(path: string, headers: Record<string, string> = {}) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = unknown>(path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.request<T>('POST', path, body, headers);
  }
  put<T = unknown>(path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.request<T>('PUT', path, body, headers);
  }
  patch<T = unknown>(path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.request<T>('PATCH', path, body, headers);
  }
  delete<T = unknown>(path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.request<T>('DELETE', path, body, headers);
  }

  /** The answer's bytes as they are (downloads). */
  async bytes(path: string): Promise<ApiResponse<Buffer>> {
    return this.request<Buffer>('GET', path, undefined, { 'x-raw-response': '1' });
  }

  /** A raw body, e.g. a PDF upload. */
  upload<T = unknown>(path: string, bytes: Uint8Array, headers: Record<string, string>) {
    return this.request<T>('POST', path, bytes, headers);
  }

  /** The Cookie header this client sends, for requests made by other means (e.g. aborted downloads). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  clearCookies(): void {
    this.cookies.clear();
    this.csrfToken = undefined;
  }

  async refreshCsrf(): Promise<string> {
    const res = await this.request<{ token: string }>('GET', '/api/v1/auth/csrf');
    this.csrfToken = res.body.token;
    return this.csrfToken;
  }

  async request<T>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const { 'x-raw-response': raw, ...rest } = extra;
    const headers: Record<string, string> = { accept: 'application/json', ...rest };
    if (method !== 'GET' && method !== 'HEAD' && !this.omitCsrf) {
      headers['x-csrf-token'] ??= this.csrfToken ?? (await this.refreshCsrf());
    }
    let payload: RequestInit['body'];
    if (body instanceof FormData || body instanceof Uint8Array) payload = body as RequestInit['body'];
    else if (body !== undefined) {
      headers['content-type'] ??= 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    if (this.cookies.size > 0) headers.cookie = this.cookieHeader();
    const res = await fetch(this.baseUrl + path, { method, headers, body: payload, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    if (raw) {
      const bytes = Buffer.from(await res.arrayBuffer());
      return { status: res.status, headers: res.headers, body: bytes as unknown as T, text: '' };
    }
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    const parsed = type.includes('json') && text ? (JSON.parse(text) as T) : (text as unknown as T);
    const csrf = (parsed as { csrfToken?: unknown } | null)?.csrfToken;
    if (typeof csrf === 'string') this.csrfToken = csrf;
    return { status: res.status, headers: res.headers, body: parsed, text };
  }
}

export type ProblemBody = Problem;
