/**
 * The rooms of docs/architecture and who may import whom. `npm test` runs this; a violation
 * fails the build.
 */
const IO_BUILTINS =
  '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dgram|dns|tls|cluster|worker_threads|os|process|readline)$';
const notTests = '\\.test\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds types, rules and calculators: it imports nothing outside domain/.',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: notTests },
      to: { pathNot: '^src/domain/' },
    },
    {
      name: 'pure-rooms-no-io',
      comment: 'authority/, matching/ and documents/ never import Node I/O.',
      severity: 'error',
      from: { path: '^src/(authority|matching|documents)/', pathNot: notTests },
      to: { path: IO_BUILTINS, dependencyTypes: ['core'] },
    },
    {
      name: 'pure-rooms-only-domain',
      severity: 'error',
      from: { path: '^src/(authority|matching|documents)/', pathNot: notTests },
      to: { path: '^src/', pathNot: '^src/(domain|authority|matching|documents)/' },
    },
    {
      name: 'store-only-domain',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/', pathNot: '^src/(domain|store)/' },
    },
    {
      name: 'integrations-only-domain-and-store',
      severity: 'error',
      from: { path: '^src/integrations/' },
      to: { path: '^src/', pathNot: '^src/(domain|store|integrations)/' },
    },
    {
      name: 'app-not-delivery',
      comment: 'Use cases know nothing of HTTP, the CLI or jobs.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(http|cli|jobs)/' },
    },
    {
      name: 'routes-no-store',
      comment: 'Routes are thin: they call use cases and never touch SQL.',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: '^src/(store|integrations)/' },
    },
    {
      name: 'cli-commands-no-store',
      comment: 'CLI commands call use cases; only the composition root (cli/run.ts) opens the store.',
      severity: 'error',
      from: { path: '^src/cli/', pathNot: '^src/cli/run\\.ts$' },
      to: { path: '^src/(store|integrations)/' },
    },
    {
      name: 'web-talks-only-http',
      comment: 'The browser app talks to /api/v1 only; it imports nothing from the server.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
