import { tourChains } from './tour-chains.js';

describe(tourChains.name, () => {
  it('orders the stops of a tour as driven, from the stop that follows none, whatever order the links come in', () => {
    const tours = tourChains([
      { orderId: 'c', afterOrderId: 'b' },
      { orderId: 'b', afterOrderId: 'a' },
    ]);
    expect([...tours.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(tours.get('b')).toEqual({ stops: ['a', 'b', 'c'], index: 1 });
  });

  it('keeps two tours apart, and an order of no tour out', () => {
    const tours = tourChains([
      { orderId: 'b', afterOrderId: 'a' },
      { orderId: 'y', afterOrderId: 'x' },
    ]);
    expect([tours.get('a')?.stops, tours.get('y')?.stops, tours.get('z')]).toEqual([['a', 'b'], ['x', 'y'], undefined]);
  });
});
