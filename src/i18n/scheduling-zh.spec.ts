import { tourSummaryZh } from './scheduling-zh.js';

describe(tourSummaryZh.name, () => {
  it('says a tour saves the difference of the two figures it shows, not of the unrounded ones', () => {
    expect(tourSummaryZh({ stops: [1, 2, 3], nights: 2, km: 616.6, kmIfSeparate: 921.4 })).toBe(
      '巡回宣讲3站，在外住宿2晚，行程617公里（逐场往返需921公里，节省304公里）',
    );
  });

  it('shows tenths of a km below 10 km, the saving too', () => {
    expect(tourSummaryZh({ stops: [1, 2], nights: 1, km: 3.26, kmIfSeparate: 9.94 })).toBe(
      '巡回宣讲2站，在外住宿1晚，行程3.3公里（逐场往返需9.9公里，节省6.6公里）',
    );
  });
});
