import type { Request } from 'express';

/** Where the API is served (Nest's global prefix) and the path its links start with. */
export const API_PREFIX = 'api/v1';
export const API_PATH = `/${API_PREFIX}`;

/** Whether a request path is the API's: Express matches routes without regard to case, so /API/V1/… reaches it too. */
export const isApiPath = (path: string): boolean => path.toLowerCase().startsWith(`${API_PATH}/`);

/** Whether a request path lies under /api, in any case: the API's namespace (its docs, other versions), never a page's. */
export const isApiNamespace = (path: string): boolean => /^\/api(\/|$)/i.test(path);

/** The app's setting that holds PUBLIC_URL where the operator set one (see createApp). */
export const PUBLIC_URL_SETTING = 'public url';

/**
 * The absolute base of the URLs handed out (a sign-in QR code, a calendar feed): PUBLIC_URL where set, since behind
 * a proxy or on an intranet address the caller's Host is not where villagers' phones reach us; else that Host.
 */
export const requestBaseUrl = (req: Request): string =>
  (req.app.get(PUBLIC_URL_SETTING) as string | undefined) ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
