import { keptExif, locationOf, photoFacts, takenAtOf } from './photo-metadata.js';

describe('takenAtOf', () => {
  it('reads the local time with the offset the photo gives', () => {
    expect(takenAtOf('2026:12:02 09:45:00', '+06:00')).toEqual(new Date('2026-12-02T03:45:00Z'));
  });

  it('takes China Standard Time when the photo gives no offset', () => {
    expect(takenAtOf('2026:12:02 09:45:00', undefined)).toEqual(new Date('2026-12-02T01:45:00Z'));
  });

  it('knows no time for a missing or malformed one', () => {
    expect(takenAtOf(undefined, undefined)).toBeUndefined();
    expect(takenAtOf('0000:00:00 00:00:00', undefined)).toBeUndefined();
    expect(takenAtOf('2026-12-02', undefined)).toBeUndefined();
    expect(takenAtOf('2026:12:02 25:00:00', undefined)).toBeUndefined();
  });
});

describe('locationOf', () => {
  it('keeps a real position', () => {
    expect(locationOf(49.2, 119.75)).toEqual({ latitude: 49.2, longitude: 119.75 });
  });

  it('drops (0, 0), out-of-range and missing positions', () => {
    expect(locationOf(0, 0)).toBeUndefined();
    expect(locationOf(91, 10)).toBeUndefined();
    expect(locationOf(49.2, undefined)).toBeUndefined();
  });
});

describe('photoFacts', () => {
  it('gives only the facts present', () => {
    expect(photoFacts({ latitude: 49.2, longitude: 119.75 })).toEqual({ latitude: 49.2, longitude: 119.75 });
    expect(photoFacts(undefined)).toEqual({});
  });
});

describe('keptExif', () => {
  it("writes when a photo was taken as China's local time with its offset", () => {
    expect(keptExif({ takenAt: new Date('2026-12-02T17:45:00Z') })).toEqual({
      IFD2: { DateTimeOriginal: '2026:12:03 01:45:00', OffsetTimeOriginal: '+08:00' },
    });
  });

  it('writes where, with the hemisphere in the reference and the degrees in millionths', () => {
    expect(keptExif({ latitude: -33.8688, longitude: 151.2093 })?.IFD3).toEqual({
      GPSLatitudeRef: 'S',
      GPSLatitude: '33868800/1000000 0/1 0/1',
      GPSLongitudeRef: 'E',
      GPSLongitude: '151209300/1000000 0/1 0/1',
    });
  });

  it('writes nothing for a photo that said neither', () => {
    expect(keptExif({})).toBeUndefined();
  });
});
