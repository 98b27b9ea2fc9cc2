// Assembles the WebAssembly text kernels of @slv/render into TypeScript
// modules holding their bytes, so the package needs no build step and no
// loader: `npm run wasm -w @slv/render`. A test checks the committed bytes
// still match their source.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import createWabt from 'wabt';

const KERNELS = [{ wat: 'src/culling/wasm/sphere-cull.wat', constant: 'SPHERE_CULL_WASM' }];

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The bytes of one kernel: pure function of its text, so a test can call it too. */
export async function assembleWat(fileName, text) {
  const wabt = await createWabt();
  const module = wabt.parseWat(fileName, text, { simd: true });
  try {
    module.validate();
    return Uint8Array.from(module.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally {
    module.destroy();
  }
}

/** The TypeScript module that carries `bytes`. */
export function kernelModuleSource(watFile, constant, text, bytes) {
  const sha1 = createHash('sha1').update(text).digest('hex');
  const lines = [];
  for (let i = 0; i < bytes.length; i += 24) lines.push(`  ${Array.from(bytes.subarray(i, i + 24)).join(', ')},`);
  return [
    `// Generated from ${watFile.split('/').pop()} by scripts/assemble-wasm.mjs (npm run wasm -w @slv/render): do not edit.`,
    `export const ${constant}_SOURCE_SHA1 = '${sha1}';`,
    `export const ${constant} = Uint8Array.of(`,
    ...lines,
    ');',
    '',
  ].join('\n');
}

export function kernelModulePath(watFile) {
  return watFile.replace(/\.wat$/, '.wasm.ts');
}

export { KERNELS };

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const { wat, constant } of KERNELS) {
    const text = readFileSync(join(packageRoot, wat), 'utf8');
    const bytes = await assembleWat(wat, text);
    const out = kernelModulePath(wat);
    writeFileSync(join(packageRoot, out), kernelModuleSource(wat, constant, text, bytes));
    console.log(`${out}: ${bytes.length} bytes`);
  }
}
