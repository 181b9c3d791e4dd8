import type { Request } from 'express';

/** Where the API is served (Nest's global prefix) and the path its links start with. */
export const API_PREFIX = 'api/v1';
export const API_PATH = `/${API_PREFIX}`;

/** Whether a request path is the API's: Express matches routes without regard to case, so /API/V1/… reaches it too. */
export const isApiPath = (path: string): boolean => path.toLowerCase().startsWith(`${API_PATH}/`);

/** Whether a request path lies under /api, in any case: the API's namespace (its docs, other versions), never a page's. */
export const isApiNamespace = (path: string): boolean => /^\/api(\/|$)/i.test(path);

/** The absolute base of the URLs handed out: the address the caller reached us at. */
export const requestBaseUrl = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;
