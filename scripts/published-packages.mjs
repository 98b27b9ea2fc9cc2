// The published engine packages (packages/* not marked private) and their
// entry points, for the scripts that document them (api-report.mjs,
// api-html.mjs).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Each published package's folder and package.json, by name. */
export function publishedPackages(root) {
  return readdirSync(join(root, 'packages'))
    .map((entry) => join(root, 'packages', entry))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, json: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter((p) => p.json.private !== true)
    .sort((a, b) => a.json.name.localeCompare(b.json.name));
}

/**
 * Every export of every published package: its package, the specifier a
 * consumer imports (`@slv/world/node`), and the file its `condition` names
 * ('@slv/source' for the source, 'types' for the built declarations).
 */
export function publishedEntries(root, condition) {
  return publishedPackages(root).flatMap((p) => Object.entries(p.json.exports).map(([subpath, e]) => ({
    pkg: p.json.name,
    specifier: subpath === '.' ? p.json.name : `${p.json.name}${subpath.slice(1)}`,
    file: join(p.dir, e[condition]),
  })));
}
