import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { keysetPage, microsSql, type Page, type PageQuery, pageSql, pageStart, type SortColumn } from '../common/pagination.js';
import { SqlParams } from '../common/sql.js';
import type { RegionLevel } from '../kernel/vocabulary.js';
import { withinSubtreeSql } from '../regions/region-scope.js';
import type { ScopeRoot } from './coverage.repository.js';

/** A campaign with the facts of its region that scoping and progress need. */
export interface CampaignRecord {
  id: string;
  name: string;
  region: ScopeRoot & { name: string };
  /** Both ends inclusive, `YYYY-MM-DD`. */
  from: string;
  to: string;
  targetLectures: number;
  createdAt: Date;
}

export interface NewCampaign {
  name: string;
  regionId: string;
  from: string;
  to: string;
  targetLectures: number;
  createdBy: string;
}

interface CampaignRow {
  id: string;
  name: string;
  region_id: string;
  region_name: string;
  region_level: RegionLevel;
  region_path: string[];
  period_from: string;
  period_to: string;
  target_lectures: number;
  created_at: Date;
}

const COLUMNS = `SELECT c.id, c.name, c.region_id, r.name AS region_name, r.level AS region_level, r.path AS region_path,
    c.period_from::text AS period_from, c.period_to::text AS period_to, c.target_lectures, c.created_at`;
const FROM = 'FROM campaigns c JOIN regions r ON r.id = c.region_id';
const SELECT = `${COLUMNS} ${FROM}`;

/** Newest first; the id breaks ties. */
const CAMPAIGN_SORT: SortColumn[] = [
  { sql: 'c.created_at', kind: 'timestamp', desc: true },
  { sql: 'c.id', kind: 'uuid' },
];

const toRecord = (row: CampaignRow): CampaignRecord => ({
  id: row.id, name: row.name,
  region: { id: row.region_id, name: row.region_name, level: row.region_level, path: row.region_path },
  from: row.period_from, to: row.period_to, targetLectures: row.target_lectures, createdAt: new Date(row.created_at),
});

/** The campaigns' region in a scope (null = the whole city). */
const inScope = (scopeRegionId: string | null, p: SqlParams) =>
  scopeRegionId === null ? 'true' : withinSubtreeSql('r.path', p.add(scopeRegionId));

/** The SQL of campaigns; their progress is counted by the coverage repository. */
@Injectable()
export class CampaignsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(c: NewCampaign): Promise<string> {
    const [{ id }]: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO campaigns (name, region_id, period_from, period_to, target_lectures, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [c.name, c.regionId, c.from, c.to, c.targetLectures, c.createdBy]);
    return id;
  }

  /** The campaigns of regions in the scope, newest first; an offset page with its count. */
  async page(scopeRegionId: string | null, q: PageQuery): Promise<Page<CampaignRecord>> {
    const start = pageStart(q, CAMPAIGN_SORT);
    const c = new SqlParams();
    const counting = 'offset' in start
      ? this.dataSource.query<Array<{ total: number }>>(`SELECT count(*)::int AS total ${FROM} WHERE ${inScope(scopeRegionId, c)}`, c.values)
      : undefined;
    const p = new SqlParams();
    const { after, tail } = pageSql(start, (v) => p.add(v));
    const [rows, counted] = await Promise.all([
      this.dataSource.query<Array<CampaignRow & { cursor_at: string }>>(`${COLUMNS}, ${microsSql('c.created_at')} AS cursor_at ${FROM} WHERE ${inScope(scopeRegionId, p)} AND ${after} ${tail}`, p.values),
      counting,
    ]);
    const page = keysetPage(rows, start, (r) => [Number(r.cursor_at), r.id]);
    return { items: page.items.map(toRecord), nextCursor: page.nextCursor, ...(counted ? { total: counted[0].total } : {}) };
  }

  async findById(id: string): Promise<CampaignRecord | null> {
    const [row]: CampaignRow[] = await this.dataSource.query(`${SELECT} WHERE c.id = $1`, [id]);
    return row ? toRecord(row) : null;
  }
}
