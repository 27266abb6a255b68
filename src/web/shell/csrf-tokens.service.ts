import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { resolveJwtSecret } from '../../auth/jwt-secret.js';
import { AppConfig } from '../../config/app-config.js';

/**
 * Signed double-submit CSRF tokens (OWASP): the browser holds a random seed in an HttpOnly
 * cookie, each form carries HMAC(key, seed). A site that makes the browser post a form can
 * neither read the cookie nor forge the HMAC. The key derives from the JWT secret, so every
 * instance behind a load balancer accepts the tokens of the others.
 */
@Injectable()
export class CsrfTokensService {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = createHmac('sha256', resolveJwtSecret(config)).update('fablab-web-csrf').digest();
  }

  newSeed(): string {
    return randomBytes(24).toString('base64url');
  }

  isSeed(value: unknown): value is string {
    return typeof value === 'string' && /^[\w-]{32}$/.test(value);
  }

  tokenFor(seed: string): string {
    return this.mac(`csrf:${seed}`);
  }

  /** A signature of the web app's own (the session's last activity); never of user input alone. */
  mac(value: string): string {
    return createHmac('sha256', this.key).update(value).digest('base64url');
  }

  matches(seed: string, token: unknown): boolean {
    if (typeof token !== 'string') return false;
    const expected = Buffer.from(this.tokenFor(seed));
    const actual = Buffer.from(token);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
