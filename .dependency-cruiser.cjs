// The layer rules of docs/architecture.md, checked by `npm run deps:check`.
// Feature folders, including those still to come: a rule naming them works as soon as the folder exists.
const FEATURES = [
  'auth',
  'accounts',
  'regions',
  'branches',
  'lecturers',
  'courses',
  'bookings',
  'orders',
  'scheduling',
  'coverage',
  'calendar',
  'health',
  'demo',
  'web',
];
const FEATURE = `^src/(${FEATURES.join('|')})/`;
// Pure modules: plain data in and out, no framework, no database.
const PURE = '^src/(kernel|scheduling/solver)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules form no cycle: one would make start-up order and the layers ambiguous.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'pure-no-framework',
      severity: 'error',
      comment: 'The kernel and the solver take plain data and return plain data: no NestJS, no TypeORM.',
      from: { path: PURE },
      to: { path: '(^|/)node_modules/(@nestjs/|typeorm/)' },
    },
    {
      name: 'pure-no-feature',
      severity: 'error',
      comment: 'The kernel, the solver and i18n are below the features: they import nothing of them.',
      from: { path: `${PURE}|^src/i18n/` },
      to: { path: FEATURE, pathNot: '^src/scheduling/solver/' },
    },
    {
      name: 'no-foreign-repository-or-entity',
      severity: 'error',
      comment: "A feature reaches another only through that feature's exported service, never its repository or entities.",
      // The web folder has its own, stricter rule below.
      from: { path: FEATURE, pathNot: '^src/web/' },
      to: { path: '^src/[^/]+/.+\\.(repository|entity)\\.ts$', pathNot: '^src/$1/' },
    },
    {
      name: 'web-through-services',
      severity: 'error',
      comment: 'The web pages use services and DTOs only: no repository, no entity, no SQL of their own.',
      from: { path: '^src/web/' },
      to: { path: ['\\.(repository|entity)\\.ts$', '(^|/)node_modules/typeorm/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count too: they couple the layers just the same.
    tsPreCompilationDeps: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
