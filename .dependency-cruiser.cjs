// The layering of the app, checked by dependency-cruiser in `npm test` (`npm run lint:deps`).
// Paths are relative to the repository root. `.cjs` because the package is "type": "module"
// and dependency-cruiser loads its config with require().
//
// Pipelines: the services that turn a document into something (importer: files into pages;
// ocr: scanned pages into text; summaries and extraction: text into model output). Each stands
// alone on the shared pieces below it (archive, pdf, llm, runs, models). jobs/ is the
// orchestrator, not a pipeline: it runs imports, OCR, summaries and extractions as queued work,
// so it may import every pipeline; compose.ts wires them all and is no pipeline either.
// A pipeline that needs another's result reads it from the archive, not from its code.
const PIPELINES = 'summaries|extraction|ocr|importer';

// Plain Node below the wiring: the services and the database they stand on.
const BELOW_WIRING = '^electron/main/(services|db)/';

// The archive's at-rest file format (encrypted stored files), which the readers open files with.
const FILE_CRYPTO = '^electron/main/services/archive/crypto/';

// `electron` as a package: resolved into node_modules, or unresolved (no Electron installed).
const ELECTRON_PACKAGE = '(^|/)node_modules/electron/|^electron$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'service-imports-electron',
      comment:
        'Services are plain Node: they back the app, the CLI, the bridge and the tests. ' +
        'Only the wiring (electron/main outside services/ and db/) talks to Electron. db/ counts as a service.',
      severity: 'error',
      from: { path: BELOW_WIRING },
      to: { path: ELECTRON_PACKAGE },
    },
    {
      name: 'service-imports-wiring',
      comment:
        'Services sit below the wiring: from electron/ they import only services/ and db/, never ' +
        'api/, ipc/, app/, bridge/, cli/ or preload/ (which could carry Electron in with them).',
      severity: 'error',
      from: { path: BELOW_WIRING },
      to: { path: '^electron/', pathNot: BELOW_WIRING },
    },
    {
      name: 'shared-imports-beyond-zod',
      comment: 'shared/ is the contract both sides load: zod and other shared/ files only, no Node, no DOM.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { pathNot: ['^shared/', '(^|/)node_modules/zod/'] },
    },
    {
      name: 'renderer-imports-electron',
      comment:
        'The renderer reaches main only through the contract (shared/) and window.abstractor: ' +
        'never the electron/ folder nor the electron package.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: ['^electron/', ELECTRON_PACKAGE] },
    },
    {
      name: 'pdf-depends-on-archive',
      comment:
        'The PDF reader knows nothing of the archive: its page type lives in pdf/, the archive imports it. ' +
        'It may open a stored file through archive/crypto/, the at-rest file format (a leaf, see the next rule).',
      severity: 'error',
      from: { path: '^electron/main/services/pdf/' },
      to: { path: '^electron/main/services/archive/', pathNot: FILE_CRYPTO },
    },
    {
      name: 'file-crypto-imports-archive',
      comment:
        'archive/crypto/ (how a stored file is encrypted and opened) is below the archive: the PDF and OCR ' +
        'workers read files through it, so it must not bring the rest of the archive (or any other service) in.',
      severity: 'error',
      from: { path: FILE_CRYPTO },
      to: { path: '^electron/', pathNot: FILE_CRYPTO },
    },
    {
      name: 'pipeline-imports-pipeline',
      comment: 'One pipeline never imports another (see the top of this file); jobs/ orchestrates them.',
      severity: 'error',
      from: { path: `^electron/main/services/(${PIPELINES})/` },
      to: {
        path: `^electron/main/services/(${PIPELINES})/`,
        pathNot: '^electron/main/services/$1/',
      },
    },
    {
      name: 'service-circular',
      comment: 'No import cycles among the services: a cycle means two modules that are really one, or a missing interface.',
      severity: 'error',
      from: { path: '^electron/main/services/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: "pdf/ depends on archive/ for its types" is a type import.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
