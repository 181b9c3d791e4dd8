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
  'attendance',
  'evidence',
  'imports',
  'notifications',
  'queue',
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
      from: { path: PURE },
      to: { path: FEATURE, pathNot: '^src/scheduling/solver/' },
    },
    {
      name: 'i18n-renders-codes-only',
      severity: 'error',
      comment: 'i18n renders the codes features declare: it may name their error catalogues as types, nothing else of them.',
      from: { path: '^src/i18n/' },
      to: { path: FEATURE, pathNot: ['^src/scheduling/solver/', '^src/[^/]+/[^/]+\\.errors\\.ts$'] },
    },
    {
      name: 'i18n-types-of-catalogues-only',
      severity: 'error',
      comment: 'i18n takes the catalogues as types (for ErrorCode), never runs feature code.',
      from: { path: '^src/i18n/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^src/[^/]+/[^/]+\\.errors\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-foreign-repository-or-entity',
      severity: 'error',
      comment:
        "A feature reaches another only through that feature's exported service, never its repository or entities. " +
        'Naming an entity as a type (what the owning service returns) is allowed; a TypeORM relation between entities too.',
      // The web folder has its own, stricter rule below.
      from: { path: FEATURE, pathNot: ['^src/web/', '\\.entity\\.ts$'] },
      to: { path: '^src/[^/]+/.+\\.(repository|entity)\\.ts$', pathNot: '^src/$1/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-through-services',
      severity: 'error',
      comment: 'The web pages use services and DTOs only: no repository, no entity, no SQL of their own.',
      from: { path: '^src/web/' },
      to: { path: ['\\.repository\\.ts$', '\\.entity\\.ts$', '(^|/)node_modules/typeorm/'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports are seen, so that cycles through types count; rules above say where types are allowed.
    tsPreCompilationDeps: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
