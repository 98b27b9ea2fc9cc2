/**
 * Builds the viewer bundle (index.html, app.js, launcher.js) into a folder by
 * running the package's own build script, so tests and benchmarks serve
 * exactly what `npm run build` makes, freshly built from the sources.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { viewerPackageDir } from './viewer-paths.ts';

export function buildViewerBundle(outdir: string): Promise<void> {
  const dir = viewerPackageDir();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(dir, 'build.mjs'), '--outdir', outdir], { cwd: dir, timeout: 120_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`building the viewer bundle failed: ${error.message}\n${stderr}`));
      else resolve();
    });
  });
}
