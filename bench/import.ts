/**
 * `npm run bench:import`: the built app on its own embedded PostgreSQL (a fresh one each run), then, over
 * HTTP as an office would: a region sheet (the 14 banners of data/hulunbuir-banners.json, 196 townships,
 * 2,352 villages), then 30,000 branches and 2,000 lecturers from .xlsx files, each as a dry run and for
 * real, and the same files once more (every row unchanged). Prints the wall time of each request and the
 * app's peak RSS (VmHWM of its process, which only grows: read after each step) against the targets.
 */
import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { loadBanners } from '../src/kernel/banners.js';
import { freePort, startBuiltApp, stopBuiltApp } from './built-app.js';

const DATA_DIR = process.env.BENCH_DATA_DIR ?? './.data/bench-import';
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54346);
const ADMIN = { username: 'bench-admin', password: 'bench-admin-password' };
const BRANCHES = 30_000;
const LECTURERS = 2_000;
const TARGET = { seconds: 30, rssMb: 300 };

const KINDS = ['嘎查村', '社区', '企业', '机关事业单位', '党政军警民共建'];
const CATEGORIES = ['党政领导干部', '基层党组织书记', '党务工作者', '专家学者', '先进模范人物', '实用技术人才', '五老'];
const LEVELS = ['市级', '旗县级', '苏木乡镇级'];

async function workbook(rows: Array<Array<string | number>>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('数据');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

function regionRows(): { rows: Array<Array<string | number>>; villages: string[]; townships: string[] } {
  const file = loadBanners();
  const rows: Array<Array<string | number>> = [['编码', '名称', '层级', '上级编码', '纬度', '经度', '边境', '牧区偏远', '党员教育薄弱']];
  rows.push(['HLBE', file.city.name, '市', '', file.city.latitude, file.city.longitude, '否', '否', '否']);
  const villages: string[] = [];
  const townships: string[] = [];
  file.banners.forEach((b, i) => {
    const banner = `Q${String(i + 1).padStart(2, '0')}`;
    rows.push([banner, b.name, '旗市区', 'HLBE', b.latitude, b.longitude, b.border ? '是' : '否', '否', '否']);
    for (let t = 1; t <= 14; t++) {
      const township = `${banner}-S${String(t).padStart(2, '0')}`;
      townships.push(township);
      rows.push([
        township,
        `${b.name}第${t}苏木`,
        '苏木乡镇',
        banner,
        b.latitude + t * 0.03,
        b.longitude + t * 0.03,
        '否',
        t > 10 ? '是' : '否',
        '否',
      ]);
      for (let v = 1; v <= 12; v++) {
        const village = `${township}-G${String(v).padStart(2, '0')}`;
        villages.push(village);
        rows.push([
          village,
          `${b.name}第${t}苏木第${v}嘎查`,
          '嘎查村 / 社区',
          township,
          b.latitude + t * 0.03 + v * 0.01,
          b.longitude + t * 0.03 + v * 0.01,
          v <= 2 ? '是' : '否',
          v > 9 ? '是' : '否',
          '否',
        ]);
      }
    }
  });
  return { rows, villages, townships };
}

/** Peak resident memory of a process so far, in MB (Linux: VmHWM). */
function peakRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmHWM:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
}

async function main(): Promise<void> {
  rmSync(resolve(DATA_DIR), { recursive: true, force: true });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/api/v1`;
  const app = await startBuiltApp(port, {
    DATA_DIR,
    EMBEDDED_PG_PORT: String(PG_PORT),
    DEMO_DATA: 'off',
    INITIAL_ADMIN_USERNAME: ADMIN.username,
    INITIAL_ADMIN_PASSWORD: ADMIN.password,
  });
  try {
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const post = async (kind: string, file: Buffer, dryRun: boolean) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)]), `${kind}.xlsx`);
      const t0 = performance.now();
      const res = await fetch(`${base}/imports/${kind}?dryRun=${dryRun}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}` },
        body: form,
      });
      const seconds = (performance.now() - t0) / 1000;
      const report = (await res.json()) as { rows: number; created: number; updated: number; unchanged: number; errors: unknown[] };
      if (res.status !== 200 || report.errors.length > 0) throw new Error(`${kind}: ${res.status} ${JSON.stringify(report).slice(0, 500)}`);
      return { seconds, report, rss: peakRssMb(app.pid as number) };
    };

    const { rows: regions, villages, townships } = regionRows();
    process.stderr.write(`regions: ${regions.length - 1} rows\n`);
    await post('regions', await workbook(regions), false);
    const idleRss = peakRssMb(app.pid as number);

    const branches: Array<Array<string | number>> = [['编码', '名称', '所在区域编码', '类型', '党员人数', '纬度', '经度']];
    for (let i = 0; i < BRANCHES; i++)
      branches.push([
        `DZB-${String(i + 1).padStart(5, '0')}`,
        `第${i + 1}党支部`,
        villages[i % villages.length],
        KINDS[i % KINDS.length],
        10 + (i % 90),
        '',
        '',
      ]);
    const lecturers: Array<Array<string | number>> = [
      [
        '编码',
        '姓名',
        '类别',
        '层级',
        '常驻区域编码',
        '纬度',
        '经度',
        '讲授专题',
        '授课语言',
        '授课形式',
        '每月授课上限',
        '出行半径（公里）',
        '每周可授课时间',
      ],
    ];
    for (let i = 0; i < LECTURERS; i++) {
      lecturers.push([
        `JS-${String(i + 1).padStart(4, '0')}`,
        `讲师${i + 1}`,
        CATEGORIES[i % 7],
        LEVELS[i % 3],
        townships[i % townships.length],
        '',
        '',
        '党史、民族团结',
        '汉语、蒙古语',
        '现场授课、线上',
        8,
        150,
        '周一 08:00-12:00; 周三 14:00-18:00',
      ]);
    }
    // The same branches a year later: every member count changed (30,000 updates).
    const changed = branches.map((row, i) => (i === 0 ? row : [...row.slice(0, 4), (row[4] as number) + 1, ...row.slice(5)]));
    const files = { branches: await workbook(branches), lecturers: await workbook(lecturers), changed: await workbook(changed) };
    console.log(
      `\nbench:import — ${BRANCHES.toLocaleString()} branches (${(files.branches.length / 1e6).toFixed(1)} MB .xlsx), ${LECTURERS.toLocaleString()} lecturers (${(files.lecturers.length / 1e6).toFixed(1)} MB); app RSS before: ${idleRss.toFixed(0)} MB\n`,
    );
    console.log('| step | rows | created | unchanged | wall | peak RSS so far | target |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const kind of ['branches', 'lecturers'] as const) {
      for (const [label, dryRun] of [
        ['dry run', true],
        ['real', false],
        ['again (unchanged)', false],
      ] as const) {
        const r = await post(kind, files[kind], dryRun);
        const ok = r.seconds <= TARGET.seconds && r.rss <= TARGET.rssMb;
        console.log(
          `| ${kind} ${label} | ${r.report.rows.toLocaleString()} | ${r.report.created.toLocaleString()} | ${r.report.unchanged.toLocaleString()} | ${r.seconds.toFixed(1)} s | ${r.rss.toFixed(0)} MB | ≤ ${TARGET.seconds} s, ≤ ${TARGET.rssMb} MB ${ok ? '✓' : '✗'} |`,
        );
      }
    }
    const r = await post('branches', files.changed, false);
    console.log(
      `| branches, every member count changed | ${r.report.rows.toLocaleString()} | updated ${r.report.updated.toLocaleString()} | ${r.report.unchanged.toLocaleString()} | ${r.seconds.toFixed(1)} s | ${r.rss.toFixed(0)} MB | ≤ ${TARGET.seconds} s, ≤ ${TARGET.rssMb} MB ${r.seconds <= TARGET.seconds && r.rss <= TARGET.rssMb ? '✓' : '✗'} |`,
    );
  } finally {
    await stopBuiltApp(app);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
