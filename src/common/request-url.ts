import type { Request } from 'express';

/** The absolute base of the URLs handed out: the address the caller reached us at. */
export const requestBaseUrl = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;
