import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AttendeeKey } from './sign-in-rules.js';

/** A lecture as its sign-in sheet needs it: who booked it, when, for which branch, and the sheet's code if made. */
export interface SheetFacts {
  orderId: string;
  status: string;
  title: string;
  branchId: string;
  branchName: string;
  regionPath: string[];
  /** The booked lecturer and times; null when the order has no active booking. */
  lecturerId: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  code: string | null;
}

export interface AttendeeRow {
  id: string;
  name: string;
  phone: string | null;
  signedAt: Date;
}

const FACTS = `
  SELECT o.id AS "orderId", o.status, o.title, o.branch_id AS "branchId", br.name AS "branchName", r.path AS "regionPath",
         b.lecturer_id AS "lecturerId", b.starts_at AS "startsAt", b.ends_at AS "endsAt", s.code
  FROM orders o
  JOIN branches br ON br.id = o.branch_id
  JOIN regions r ON r.id = br.region_id
  LEFT JOIN bookings b ON b.order_id = o.id AND b.released_at IS NULL
  LEFT JOIN sign_in_sheets s ON s.order_id = o.id`;

/** The SQL of sign-in: sheets (one secret code per lecture) and the attendees on them. */
@Injectable()
export class AttendanceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async factsOf(orderId: string): Promise<SheetFacts | undefined> {
    const [row]: SheetFacts[] = await this.dataSource.query(`${FACTS} WHERE o.id = $1`, [orderId]);
    return row;
  }

  async factsByCode(code: string): Promise<SheetFacts | undefined> {
    const [row]: SheetFacts[] = await this.dataSource.query(`${FACTS} WHERE s.code = $1`, [code]);
    return row;
  }

  /** The lecture's code, stored as `candidate` when it has none yet. */
  async ensureCode(orderId: string, candidate: string): Promise<string> {
    await this.dataSource.query(`INSERT INTO sign_in_sheets (order_id, code) VALUES ($1, $2) ON CONFLICT (order_id) DO NOTHING`, [
      orderId,
      candidate,
    ]);
    // A separate statement: under READ COMMITTED it sees the code a racing first call committed.
    const [{ code }]: Array<{ code: string }> = await this.dataSource.query(`SELECT code FROM sign_in_sheets WHERE order_id = $1`, [
      orderId,
    ]);
    return code;
  }

  /**
   * Records the attendee unless the same person is on the sheet already (attendees_person_key), while the lecture
   * is still booked and not reported given: checked in the same statement, the order's row share-locked, so a sign-in
   * either commits before the report's lock and is counted by it, or waits for the report and is refused.
   */
  async add(orderId: string, person: AttendeeKey, at: Date, addedBy: string | null): Promise<'recorded' | 'already' | 'closed'> {
    const [row]: Array<{ open: boolean; recorded: boolean }> = await this.dataSource.query(
      `WITH booked AS (SELECT id FROM orders WHERE id = $1 AND status = 'accepted' FOR SHARE),
            added AS (
              INSERT INTO attendees (order_id, name, phone, name_key, phone_key, signed_at, added_by)
              SELECT id, $2, $3, $4, $5, $6, $7 FROM booked
              ON CONFLICT ON CONSTRAINT attendees_person_key DO NOTHING RETURNING id)
       SELECT EXISTS (SELECT 1 FROM booked) AS open, EXISTS (SELECT 1 FROM added) AS recorded`,
      [orderId, person.name, person.phone, person.nameKey, person.phoneKey, at, addedBy],
    );
    if (!row.open) return 'closed';
    return row.recorded ? 'recorded' : 'already';
  }

  async count(orderId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await manager.query(`SELECT count(*)::int AS n FROM attendees WHERE order_id = $1`, [orderId]);
    return n;
  }

  /** The sheet in signing order. */
  async list(orderId: string): Promise<AttendeeRow[]> {
    return this.dataSource.query(
      `SELECT id, name, phone, signed_at AS "signedAt" FROM attendees WHERE order_id = $1 ORDER BY signed_at, id`,
      [orderId],
    );
  }
}
