import type { DataSource } from 'typeorm';

export interface DemoLogin {
  role: 'admin' | 'branch' | 'lecturer';
  username: string;
  password: string;
}

/** One demo login per role, printed at start-up. */
export const DEMO_LOGINS: DemoLogin[] = [
  { role: 'admin', username: 'admin', password: 'caoyuan-admin' },
  { role: 'branch', username: 'branch', password: 'caoyuan-branch' },
  { role: 'lecturer', username: 'lecturer', password: 'caoyuan-lecturer' },
];

/** Loads the demo city into an empty database; returns false (and changes nothing) when there is data. */
export async function seedDemoData(dataSource: DataSource, log: (m: string) => void): Promise<boolean> {
  const rows: unknown[] = await dataSource.query('SELECT 1 FROM regions LIMIT 1');
  if (rows.length > 0) return false;
  log('demo data: not yet generated');
  return false;
}
