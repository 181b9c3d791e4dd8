import { jest } from '@jest/globals';
import type { Request, Response } from 'express';
import type { PageRenderer } from './page-renderer.js';
import { pageNotFound } from './web-error.filter.js';

/** A path no route serves, the renderer's calls caught. */
async function notFoundPage(recognise: () => Promise<void>): Promise<Array<{ view: string; status: number | undefined }>> {
  const rendered: Array<{ view: string; status: number | undefined }> = [];
  const pages = {
    render: (_req: unknown, _res: unknown, view: string, _data: unknown, status?: number) => rendered.push({ view, status }),
  };
  const req = { path: '/nope', cookies: {} } as unknown as Request;
  const res = { headersSent: false } as unknown as Response;
  const next = jest.fn();
  pageNotFound(pages as unknown as PageRenderer, recognise)(req, res, next);
  await new Promise((resolve) => setImmediate(resolve));
  expect(next).not.toHaveBeenCalled();
  return rendered;
}

describe(pageNotFound.name, () => {
  it('shows the 404 page once who is signed in is known', async () => {
    await expect(notFoundPage(() => Promise.resolve())).resolves.toEqual([{ view: 'error.njk', status: 404 }]);
  });

  it('still shows the 404 page (not an error) when who is signed in cannot be read, the database down', async () => {
    await expect(notFoundPage(() => Promise.reject(new Error('connect ECONNREFUSED')))).resolves.toEqual([
      { view: 'error.njk', status: 404 },
    ]);
  });
});
