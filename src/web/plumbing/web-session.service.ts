import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { doubleCsrf } from 'csrf-csrf';
import type { CookieOptions, Request, Response } from 'express';
import type { Actor, TokenClaims } from '../../auth/actor.js';
import { AuthService } from '../../auth/auth.service.js';
import { JWT_SECRET } from '../../auth/jwt-secret.js';
import { type LiveSession, LiveAccounts } from '../../auth/live-accounts.js';
import { verifyToken } from '../../auth/token-verification.js';
import { clientAddress } from '../../common/shared-rate-limiter.js';
import { CommonErrors } from '../../common/domain-error.js';
import { MINUTE_MS } from '../../kernel/time.js';

/**
 * `__Host-` cookies must be Secure, on path /, without Domain: no subdomain or plain-http page can
 * set or overwrite them. Browsers treat http://localhost and http://127.0.0.1 as secure, so this
 * works in development and tests without TLS; anywhere else the pages need HTTPS.
 */
export const SESSION_COOKIE = '__Host-gpl.session';
export const CSRF_COOKIE = '__Host-gpl.csrf';
/** What one answer to a post has to show once, on the page it redirects to (see showOnce). */
export const SHOW_ONCE_COOKIE = '__Host-gpl.once';
const SHOW_ONCE_MS = 5 * MINUTE_MS;
/** The hidden form field every page form carries the CSRF token in. */
export const CSRF_FIELD = '_csrf';

const BASE_COOKIE: CookieOptions = { httpOnly: true, secure: true, path: '/' };

/**
 * Page sessions: the cookie holds the very JWT that AuthService issues for the API, verified the same
 * way; the API itself never reads the cookie (bearer only), so a forged cross-site request cannot
 * reach it. Forms carry a double-submit CSRF token (csrf-csrf) whose HMAC binds it to the session
 * cookie's value, so a token from before a login or from another session is refused.
 */
@Injectable()
export class WebSessionService {
  private readonly csrf: ReturnType<typeof doubleCsrf>;
  private readonly onceKey: Buffer;

  constructor(
    private readonly auth: AuthService,
    private readonly jwt: JwtService,
    private readonly live: LiveAccounts,
    @Inject(JWT_SECRET) jwtSecret: string,
  ) {
    // A key of its own, derived from the token secret, so that one never doubles as the other.
    const csrfSecret = createHmac('sha256', jwtSecret).update('grassland-pioneer web csrf').digest('hex');
    this.onceKey = createHmac('sha256', jwtSecret).update('grassland-pioneer web show-once').digest();
    this.csrf = doubleCsrf({
      getSecret: () => csrfSecret,
      getSessionIdentifier: (req) => sessionToken(req) ?? '',
      cookieName: CSRF_COOKIE,
      cookieOptions: { ...BASE_COOKIE, sameSite: 'strict' },
      getCsrfTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD] as string | undefined,
    });
  }

  /** Checks the password through AuthService and sets the session cookie; INVALID_CREDENTIALS otherwise. */
  async logIn(res: Response, username: string, password: string): Promise<Actor> {
    const { accessToken, expiresIn } = await this.auth.login(username, password, clientAddress(res.req));
    // Lax, not Strict: a link to an order page opened from a chat app must find the person logged in.
    res.cookie(SESSION_COOKIE, accessToken, { ...BASE_COOKIE, sameSite: 'lax', maxAge: expiresIn * 1000 });
    const session = await this.verify(accessToken);
    // A token just issued for an account always fits its role; if not, the account is broken, and no session starts.
    if (!session) throw CommonErrors.UNAUTHENTICATED();
    return session.actor;
  }

  /** Ends the session of the request's cookie (its token stops working everywhere, as the API's logout), then clears the cookies. */
  async logOut(req: Request, res: Response): Promise<void> {
    const session = await this.sessionOf(req);
    const claims = await this.claimsOf(req);
    if (session && claims) await this.auth.logout(session.actor, claims);
    this.clearCookies(res);
  }

  /** The password changed from the pages: the other sessions end, this one goes on. */
  async changePassword(req: Request, currentPassword: string, newPassword: string): Promise<void> {
    const session = await this.sessionOf(req);
    const claims = await this.claimsOf(req);
    if (!session || !claims) throw CommonErrors.UNAUTHENTICATED();
    await this.auth.changePassword(session.actor, claims.sid, currentPassword, newPassword);
  }

  private clearCookies(res: Response): void {
    res.clearCookie(SESSION_COOKIE, { ...BASE_COOKIE, sameSite: 'lax' });
    res.clearCookie(CSRF_COOKIE, { ...BASE_COOKIE, sameSite: 'strict' });
    res.clearCookie(SHOW_ONCE_COOKIE, { ...BASE_COOKIE, sameSite: 'strict' });
  }

  /**
   * Something a post's answer must show once (a temporary password) without putting it in a URL or
   * showing it again on a reload: sealed (AES-256-GCM, bound to this session) in a cookie that lives five
   * minutes, for the page the post redirects to, which takes it (takeShownOnce) and clears it.
   */
  showOnce(req: Request, res: Response, value: object): void {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.onceKey, iv).setAAD(sessionBinding(req));
    const sealed = Buffer.concat([cipher.update(JSON.stringify({ value, until: Date.now() + SHOW_ONCE_MS })), cipher.final()]);
    const cookie = Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
    res.cookie(SHOW_ONCE_COOKIE, cookie, { ...BASE_COOKIE, sameSite: 'strict', maxAge: SHOW_ONCE_MS });
  }

  /** What showOnce left for this session, once: undefined when there is none, it is another session's or it is stale. */
  takeShownOnce<T extends object>(req: Request, res: Response): T | undefined {
    const cookie: unknown = (req.cookies as Record<string, unknown> | undefined)?.[SHOW_ONCE_COOKIE];
    if (typeof cookie !== 'string') return undefined;
    res.clearCookie(SHOW_ONCE_COOKIE, { ...BASE_COOKIE, sameSite: 'strict' });
    try {
      const bytes = Buffer.from(cookie, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.onceKey, bytes.subarray(0, 12)).setAAD(sessionBinding(req));
      decipher.setAuthTag(bytes.subarray(12, 28));
      const opened = JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')) as {
        value: T;
        until: number;
      };
      return opened.until > Date.now() ? opened.value : undefined;
    } catch {
      return undefined; // forged, another session's, or from before a key change: nothing to show
    }
  }

  /** The person behind the request's session cookie, or undefined when there is none, or it is invalid, expired or ended. */
  async sessionOf(req: Request): Promise<LiveSession | undefined> {
    const token = sessionToken(req);
    return token === undefined ? undefined : this.verify(token);
  }

  private async verify(token: string): Promise<LiveSession | undefined> {
    const claims = await this.claimsOfToken(token);
    return claims && this.live.sessionOf(claims);
  }

  private claimsOf(req: Request): Promise<(TokenClaims & { exp: number }) | undefined> {
    const token = sessionToken(req);
    return token === undefined ? Promise.resolve(undefined) : this.claimsOfToken(token);
  }

  private claimsOfToken(token: string): Promise<(TokenClaims & { exp: number }) | undefined> {
    return verifyToken<TokenClaims & { exp: number }>(this.jwt, token).catch(() => undefined);
  }

  /** The token for this page's forms (and its cookie), reused while it stays valid for the session. */
  csrfToken(req: Request, res: Response): string {
    return this.csrf.generateCsrfToken(req, res);
  }

  csrfValid(req: Request): boolean {
    return this.csrf.validateRequest(req);
  }
}

function sessionToken(req: Request): string | undefined {
  const value: unknown = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The session a shown-once value belongs to: a digest of its cookie's token. */
function sessionBinding(req: Request): Buffer {
  return createHash('sha256')
    .update(sessionToken(req) ?? '')
    .digest();
}
