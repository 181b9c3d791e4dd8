import { plainToInstance } from 'class-transformer';
import { decodeCursor, encodeCursor, foldedPage, PageQuery, pageJson, pageOfList, parsedPage, type SortColumn } from './pagination.js';

const SORT: SortColumn[] = [
  { sql: 'o.created_at', kind: 'timestamp', desc: true },
  { sql: 'o.id', kind: 'uuid' },
];
const LAST_ID = '0193a4b2-7c1d-7e00-8000-000000000002';
const folded = (rows: number, total?: number) => ({
  items_json: '{"id":1},{"id":2}',
  rows,
  last_at: '1764800000123456',
  last_id: LAST_ID,
  ...(total === undefined ? {} : { total }),
});

describe(foldedPage.name, () => {
  const firstTwo = { limit: 2, sort: SORT, offset: 0 };
  it('gives a cursor to the last item when the query found a row past the page', () => {
    const page = foldedPage(folded(3), firstTwo);
    expect(decodeCursor(page.nextCursor ?? '', SORT)).toEqual([1764800000123456, LAST_ID]);
  });

  it('gives no cursor when the page holds the last rows', () => {
    expect(foldedPage(folded(2), firstTwo).nextCursor).toBeNull();
  });

  it('keeps the total of an offset page and leaves it out of a cursor page', () => {
    expect(foldedPage(folded(2, 7), firstTwo)).toEqual({ itemsJson: '{"id":1},{"id":2}', nextCursor: null, total: 7 });
    expect(foldedPage(folded(2), firstTwo)).not.toHaveProperty('total');
  });
});

describe(pageJson.name, () => {
  it('writes the items as they are, inside the answer', () => {
    const page = { itemsJson: '{"title":"草原"},{"title":"党课"}', nextCursor: 'abc', total: 2 };
    expect(JSON.parse(pageJson(page))).toEqual({ items: [{ title: '草原' }, { title: '党课' }], nextCursor: 'abc', total: 2 });
  });

  it('reads back the same values as parsedPage', () => {
    const page = { itemsJson: '', nextCursor: null };
    expect(JSON.parse(pageJson(page))).toEqual(parsedPage(page));
  });
});

describe(pageOfList.name, () => {
  // Newest first, ids ascending among equal times: two rows share a time.
  const rows = [5, 4, 4, 3, 1].map((t, i) => ({ t, id: `0193a4b2-7c1d-7e00-8000-00000000000${i}` }));
  const keyOf = (r: { t: number; id: string }) => [r.t, r.id];
  const query = (q: Partial<PageQuery>) => Object.assign(new PageQuery(), q);

  it('gives an offset page with the total and a cursor to the rest', () => {
    const page = pageOfList(rows, query({ limit: 2, offset: 1 }), SORT, keyOf);
    expect(page.items).toEqual(rows.slice(1, 3));
    expect(page.total).toBe(5);
    expect(decodeCursor(page.nextCursor ?? '', SORT)).toEqual(keyOf(rows[2]));
  });

  it('walks the list by cursor, every row once, the last page without a cursor or a total', () => {
    const seen: unknown[] = [];
    let cursor: string | null | undefined;
    do {
      const page = pageOfList(rows, query({ limit: 2, ...(cursor ? { cursor } : {}) }), SORT, keyOf);
      if (cursor) expect(page).not.toHaveProperty('total');
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(rows);
  });

  it('gives an empty page past the end', () => {
    expect(pageOfList(rows, query({ offset: 9 }), SORT, keyOf)).toEqual({ items: [], nextCursor: null, total: 5 });
  });
});

describe(decodeCursor.name, () => {
  const BY_NAME: SortColumn[] = [
    { sql: 'a.username', kind: 'text' },
    { sql: 'a.id', kind: 'uuid' },
  ];
  const forged = (key: unknown[]) => encodeCursor(key as string[], BY_NAME);
  const refused = expect.objectContaining({ code: 'VALIDATION_FAILED' });

  it('reads back the key of a cursor it gave out', () => {
    expect(decodeCursor(forged(['草原', LAST_ID]), BY_NAME)).toEqual(['草原', LAST_ID]);
  });

  it("refuses another list's cursor, even one whose key has this list's shape (a time and an id)", () => {
    const inbox: SortColumn[] = [
      { sql: 'n.created_at', kind: 'timestamp', desc: true },
      { sql: 'n.id', kind: 'uuid' },
    ];
    expect(() => decodeCursor(encodeCursor([1764800000123456, LAST_ID], inbox), SORT)).toThrow(refused);
    expect(() => decodeCursor(Buffer.from(JSON.stringify([1764800000123456, LAST_ID])).toString('base64url'), SORT)).toThrow(refused);
  });

  it.each([
    ['a NUL character', '\u0000'],
    ['half of a surrogate pair', 'a\uD800'],
  ])('refuses a text key holding %s, which the database cannot compare (a 400, not a 500)', (_what, text) => {
    expect(() => decodeCursor(forged([text, LAST_ID]), BY_NAME)).toThrow(refused);
  });
});

describe('PageQuery as a query string reads', () => {
  const read = (query: Record<string, string>) => plainToInstance(PageQuery, query);

  it('defaults to 50 rows from the start', () => expect(read({})).toMatchObject({ limit: 50, offset: undefined }));

  it('reads decimal digits, and nothing else, as a number', () => {
    expect(read({ limit: '20', offset: '40' })).toMatchObject({ limit: 20, offset: 40 });
    for (const typed of ['1e2', '0x10', ' 5', '']) expect(read({ limit: typed }).limit).toBeNaN();
  });
});
