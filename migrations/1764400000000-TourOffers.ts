import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tours (巡回宣讲): an offer made as a stop of a tour names the tour's previous stop, whose village the
 * lecturer travels from (the radius and the travel blocked around the lecture are measured from there).
 */
export class TourOffers1764400000000 implements MigrationInterface {
  name = 'TourOffers1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders ADD COLUMN offered_after_order_id uuid
      CONSTRAINT orders_offered_after_order_fkey REFERENCES orders (id) ON DELETE SET NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders DROP COLUMN offered_after_order_id`);
  }
}
