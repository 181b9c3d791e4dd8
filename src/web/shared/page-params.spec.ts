import { pager } from './page-params.js';

describe(pager.name, () => {
  it('links the pages before and after, keeping the filter', () => {
    expect(pager(2, 20, 45, { q: 'ab', role: undefined })).toEqual({
      page: 2,
      pages: 3,
      total: 45,
      prev: '?q=ab&page=1',
      next: '?q=ab&page=3',
    });
  });

  it('leads back from past the end to the last page', () => {
    expect(pager(99, 20, 45, {})).toEqual({ page: 99, pages: 3, total: 45, prev: '?page=3' });
  });
});
