/**
 * A lecturer's tours (巡回宣讲) as their offers and bookings link them: an offer made as a later stop of a tour, or a
 * stop booked coming from the village before, names the stop before it. Pure: the links in, each tour's stops in
 * driving order out.
 */

/** A later stop of a tour (offered or booked), and the stop before it (offered to or booked with the same lecturer). */
export interface TourLink {
  orderId: string;
  afterOrderId: string;
}

/** Where an order stands in its tour: the tour's stops in driving order, and its own place among them (0 first). */
export interface TourPlace {
  stops: string[];
  index: number;
}

/** Every order of a linked tour, with its tour: the chains the links make, from the stop that follows none. */
export function tourChains(links: readonly TourLink[]): Map<string, TourPlace> {
  const next = new Map(links.map((l) => [l.afterOrderId, l.orderId]));
  const follows = new Set(links.map((l) => l.orderId));
  const places = new Map<string, TourPlace>();
  for (const first of next.keys()) {
    if (follows.has(first)) continue;
    const stops = [first];
    // A stop follows one stop and leads to one: the walk ends, and a cycle (which no plan makes) is cut.
    for (let at = next.get(first); at !== undefined && !stops.includes(at); at = next.get(at)) stops.push(at);
    stops.forEach((id, index) => places.set(id, { stops, index }));
  }
  return places;
}
