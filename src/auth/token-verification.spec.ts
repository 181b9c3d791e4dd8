import { bearerToken } from './token-verification.js';

describe('bearerToken', () => {
  it.each([
    ['Bearer abc.def-ghi_j', 'abc.def-ghi_j'],
    ['bearer abc', 'abc'],
    ['BEARER abc', 'abc'],
    // RFC 7235: the scheme and its credentials are parted by one space or more.
    ['Bearer   abc', 'abc'],
  ])('reads the token of %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([
    ['Basic YWRtaW46YWRtaW4='],
    ['Bearer'],
    ['Bearer '],
    ['Bearer\tabc'],
    ['Bearer abc def'],
    ['Bearerabc'],
    [undefined],
    [['Bearer abc']],
  ])('finds none in %j', (header) => {
    expect(bearerToken(header)).toBeUndefined();
  });
});
