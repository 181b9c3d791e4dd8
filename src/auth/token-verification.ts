import type { JwtService } from '@nestjs/jwt';

/**
 * Verifies a token the way every reader must (the API's guard, the pages' session, the rate limits):
 * HS256 only, and it must say when it was issued and when it expires: a token without `exp` would
 * never expire.
 */
export async function verifyToken<T extends object>(jwt: JwtService, token: string): Promise<T> {
  const claims = await jwt.verifyAsync<T & { exp?: unknown; iat?: unknown }>(token, { algorithms: ['HS256'] });
  if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') throw new Error('the token has no exp or iat');
  return claims;
}

/** The token of an `Authorization: Bearer …` header (the scheme in any case, one space or more: RFC 7235's 1*SP), or undefined. */
export function bearerToken(header: unknown): string | undefined {
  const match = typeof header === 'string' ? /^Bearer +([\w.-]+)$/i.exec(header) : null;
  return match?.[1];
}

const verifiedOf = new WeakMap<object, Promise<object | undefined>>();

/**
 * The claims of a request's bearer token, verified once per request however many guards ask (the rate
 * limit keys on the account, then the auth guard builds the Actor); undefined without a valid token.
 */
export function requestClaims<T extends object>(jwt: JwtService, req: { headers: { authorization?: unknown } }): Promise<T | undefined> {
  let verified = verifiedOf.get(req);
  if (!verified) {
    const token = bearerToken(req.headers.authorization);
    verified = token === undefined ? Promise.resolve(undefined) : verifyToken<T>(jwt, token).catch(() => undefined);
    verifiedOf.set(req, verified);
  }
  return verified as Promise<T | undefined>;
}
