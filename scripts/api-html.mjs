// The browsable API reference (TypeDoc HTML) of the published engine
// packages, generated from what a consumer gets: each export's built
// declaration entry point (dist/*.d.ts, as the exports map's `types` names
// it), one module per import specifier (`@slv/world`, `@slv/world/node`, …).
// Needs the packages' dist/ (`npm run build:packages`; `npm run docs:api`
// builds first).
//
//   node scripts/api-html.mjs [--out DIR]   write the HTML (default docs/api/html, gitignored)
//
// Warnings fail the run (exit 1): a declaration that names a type no entry
// point exports, a broken {@link}, an entry point that is not built. The
// Markdown reports beside it (scripts/api-report.mjs) are the committed,
// reviewed form; see docs/packaging.md.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, Converter, ReflectionKind } from 'typedoc';
import { publishedEntries } from './published-packages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outAt = process.argv.indexOf('--out');
const out = outAt > 0 ? resolve(process.argv[outAt + 1]) : join(root, 'docs/api/html');

/** Each export's built declaration file, and the specifier a consumer imports it by. */
const entries = publishedEntries(root, 'types');
const missing = entries.filter((e) => !existsSync(e.file));
if (missing.length > 0) {
  process.stderr.write(`api-html: not built: ${missing.map((e) => relative(root, e.file)).join(', ')}. Run \`npm run build:packages\` first (or \`npm run docs:api\`).\n`);
  process.exit(1);
}
const basePath = join(root, 'packages');
/** TypeDoc names a module by its path under basePath, index and extension dropped (packages/world/dist/node.d.ts: world/dist/node). */
const moduleName = (file) => relative(basePath, file).replace(/(\/index)?\.d\.ts$/, '');
const specifierOf = new Map(entries.map((e) => [moduleName(e.file), e.specifier]));

const app = await Application.bootstrapWithPlugins({
  name: 'slv engine packages',
  entryPoints: entries.map((e) => e.file),
  entryPointStrategy: 'resolve',
  basePath,
  // As a consumer compiles them: Node's resolution of the siblings' exports (their dist/), none of the monorepo's source paths.
  compilerOptions: {
    target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    types: ['node'], strict: true, skipLibCheck: true, noEmit: true, customConditions: [], paths: {},
  },
  out,
  readme: 'none',
  // Reproducible pages: no links to a Git revision or to files outside the packages.
  disableSources: true,
  disableGit: true,
  hideGenerator: true,
  excludePrivate: true,
  excludeProtected: true,
  excludeInternal: true,
  sort: ['kind', 'alphabetical'],
  validation: { notExported: true, invalidLink: true, rewrittenLink: true, notDocumented: false, unusedMergeModuleWith: true },
  treatWarningsAsErrors: true,
  logLevel: 'Warn',
});

// The modules carry the import specifiers, not the dist/ paths.
app.converter.on(Converter.EVENT_CREATE_DECLARATION, (_context, reflection) => {
  if (reflection.kindOf(ReflectionKind.Module) && specifierOf.has(reflection.name)) reflection.name = specifierOf.get(reflection.name);
});

const project = await app.convert();
if (!project || app.logger.hasErrors() || app.logger.hasWarnings()) fail('conversion');
app.validate(project);
if (app.logger.hasErrors() || app.logger.hasWarnings()) fail('validation');
await app.generateOutputs(project);
if (app.logger.hasErrors() || app.logger.hasWarnings()) fail('output');
const modules = project.children?.filter((c) => c.kindOf(ReflectionKind.Module)).map((c) => c.name) ?? [];
console.log(`api-html: ${modules.length} modules (${modules.join(', ')}) into ${relative(root, out) || out}`);

function fail(stage) {
  process.stderr.write(`api-html: TypeDoc reported ${app.logger.errorCount} errors and ${app.logger.warningCount} warnings during ${stage}\n`);
  process.exit(1);
}
