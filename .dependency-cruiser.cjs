/**
 * The directions imports may take, written down once (README, "Architecture").
 * Each list runs from the bottom up: a folder may import the folders before it in its
 * list, never one after it. `npm run lint` fails on any import against them.
 */
const layers = ['model', 'formats', 'infra', 'media', 'jobs', 'archive', 'usecases', 'handlers', 'entry'];
const infraLayers = ['package', 'config', 'storage', 'ocfl', 'catalog', 'queue'];
const usecaseLayers = ['items', 'people', 'verify', 'annotations', 'ingest', 'deposits', 'export', 'reindex', 'recovery', 'doctor'];

/** One rule per folder: it must not import the folders that come after it. */
function upward(parent, order) {
  return order.slice(0, -1).map((folder, index) => ({
    name: `${parent}${folder}-imports-upward`,
    comment: `${parent}${folder}/ may import only ${order.slice(0, index).map((f) => `${parent}${f}/`).join(', ') || 'nothing else of this list'}`,
    severity: 'error',
    from: { path: `^${parent}${folder}/` },
    to: { path: `^${parent}(${order.slice(index + 1).join('|')})/` },
  }));
}

module.exports = {
  forbidden: [
    ...upward('src/', layers),
    ...upward('src/infra/', infraLayers),
    ...upward('src/usecases/', usecaseLayers),
    {
      name: 'no-circular',
      comment: 'two modules that import each other cannot be read or tested apart',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'src-imports-entry-points',
      comment: 'workers/, pipelines/ and bin/ are entry points over src/, never imported by it',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(workers|pipelines|bin|tests|bench)/' },
    },
    {
      name: 'web-imports-server',
      comment: 'the web app (web/) knows the server only through the HTTP API: its own types, never server code',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(src|workers|pipelines|bin)/' },
    },
    {
      name: 'server-imports-web',
      comment: 'the server serves the built web app (dist/web) and never imports its sources',
      severity: 'error',
      from: { path: '^(src|workers|pipelines|bin)/' },
      to: { path: '^web/' },
    },
    {
      name: 'not-in-a-layer',
      comment: 'every source file belongs to one of the layers',
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/(${layers.join('|')})/` },
      to: {},
    },
    {
      name: 'no-undeclared-dependency',
      comment: 'a package imported but not in package.json (an unused one fails tests/infra/package)',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
