import type { Response } from 'supertest';
import type { TestApp } from './test-app.js';

/**
 * A browser without a browser, for the pages' e2e tests: keeps cookies, reads the CSRF token of
 * the last page and posts forms as a browser does (urlencoded, with an Origin header).
 */
export class WebClient {
  private readonly jar = new Map<string, string>();
  /** The `_csrf` field of the last page read. */
  csrf = '';
  setCookieHeaders: string[] = [];

  constructor(
    private readonly t: TestApp,
    readonly origin = 'http://127.0.0.1',
  ) {}

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  setCookie(name: string, value: string): void {
    this.jar.set(name, value);
  }

  cookieHeader(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async get(path: string): Promise<Response> {
    const res = await this.t.http().get(path).set('Host', new URL(this.origin).host).set('Cookie', this.cookieHeader());
    return this.keep(res);
  }

  async post(path: string, fields: Record<string, string | string[]>, options: { csrf?: string; origin?: string | null } = {}): Promise<Response> {
    const form = new URLSearchParams();
    form.set('_csrf', options.csrf ?? this.csrf);
    for (const [key, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(key, v);
    let req = this.t
      .http()
      .post(path)
      .set('Host', new URL(this.origin).host)
      .set('Cookie', this.cookieHeader())
      .type('form');
    const origin = options.origin === undefined ? this.origin : options.origin;
    if (origin !== null) req = req.set('Origin', origin);
    return this.keep(await req.send(form.toString()));
  }

  /**
   * Posts a multipart/form-data form as a browser does: the `_csrf` field first (as the page's
   * form has it), then the text fields, then the file (if any) in `file.field`.
   */
  async postMultipart(
    path: string,
    fields: Record<string, string>,
    file?: { field: string; bytes: Buffer; filename: string; contentType: string },
    options: { csrf?: string | null; origin?: string | null } = {},
  ): Promise<Response> {
    let req = this.t.http().post(path).set('Host', new URL(this.origin).host).set('Cookie', this.cookieHeader());
    const origin = options.origin === undefined ? this.origin : options.origin;
    if (origin !== null) req = req.set('Origin', origin);
    const csrf = options.csrf === undefined ? this.csrf : options.csrf;
    if (csrf !== null) req = req.field('_csrf', csrf);
    for (const [key, value] of Object.entries(fields)) req = req.field(key, value);
    if (file) req = req.attach(file.field, file.bytes, { filename: file.filename, contentType: file.contentType });
    return this.keep(await req);
  }

  /**
   * Opens the login page, then logs in: the response is the redirect. The CSRF seed is new after
   * a login: as a browser following the redirect, the next page brings the new token.
   */
  async signIn(login: string, password: string): Promise<Response> {
    await this.get('/connexion');
    const res = await this.post('/connexion', { login, password });
    if (res.status === 303) await this.get(res.headers.location as string);
    return res;
  }

  private keep(res: Response): Response {
    const raw = res.headers['set-cookie'] as unknown;
    this.setCookieHeaders = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
    for (const header of this.setCookieHeaders) {
      const [pair] = header.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (value === '' || /Expires=Thu, 01 Jan 1970/.test(header)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    const token = typeof res.text === 'string' ? res.text.match(/name="_csrf" value="([^"]+)"/)?.[1] : undefined;
    if (token) this.csrf = token;
    return res;
  }
}
