import { refuseBrokenUtf8 } from './utf8-body.js';

describe(refuseBrokenUtf8.name, () => {
  const broken = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]); // {"a":"<0xFF>"}

  it('reads UTF-8, Mongolian and Chinese included', () => {
    expect(() => refuseBrokenUtf8(undefined, undefined, Buffer.from('{"name":"ᠮᠣᠩᠭᠣᠯ 草原"}'), 'utf-8')).not.toThrow();
  });

  it('refuses bytes that are not UTF-8 as malformed JSON', () => {
    expect(() => refuseBrokenUtf8(undefined, undefined, broken, 'utf-8')).toThrow(expect.objectContaining({ type: 'entity.parse.failed' }));
  });

  it('leaves a body in another charset the client named to the parser', () => {
    expect(() => refuseBrokenUtf8(undefined, undefined, broken, 'utf-16le')).not.toThrow();
  });
});
