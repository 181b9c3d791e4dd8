import type { IncomingMessage } from 'node:http';
import { refuseBrokenUtf8 } from './utf8-body.js';

const request = (contentType?: string) =>
  ({ headers: contentType === undefined ? {} : { 'content-type': contentType } }) as IncomingMessage;

describe(refuseBrokenUtf8.name, () => {
  const broken = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]); // {"a":"<0xFF>"}

  it('reads UTF-8, Mongolian and Chinese included', () => {
    expect(() => refuseBrokenUtf8(request('application/json'), undefined, Buffer.from('{"name":"ᠮᠣᠩᠭᠣᠯ 草原"}'))).not.toThrow();
  });

  it('refuses bytes that are not UTF-8 as malformed JSON, with or without a charset named', () => {
    for (const type of [undefined, 'application/json', 'application/json; charset=UTF-8', 'application/json;charset="utf8"'])
      expect(() => refuseBrokenUtf8(request(type), undefined, broken)).toThrow(expect.objectContaining({ type: 'entity.parse.failed' }));
  });

  it('leaves a body in another charset the client named to the parser', () => {
    expect(() => refuseBrokenUtf8(request('application/json; charset=utf-16le'), undefined, broken)).not.toThrow();
  });
});
