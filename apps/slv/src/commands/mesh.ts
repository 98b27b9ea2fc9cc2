/**
 * `slv mesh FILE [--lod NAME] [--json]`: decodes one Second Life mesh asset
 * (the LLSD mesh format: binary LLSD header, zlib segments) and prints, per
 * LOD present, its faces with vertex and triangle counts, the position
 * domain, whether normals, UVs and weights are present, and the skin's
 * joint names. Physics segments are listed, not decoded. `--simplify` adds
 * the LODs the viewer would generate (missing or useless ones, simplified
 * from the nearest finer LOD with meshoptimizer), marked generated.
 */
import { readFile, stat } from 'node:fs/promises';
import { presetSettings } from '@slv/config';
import { decodeMeshAsset, fillMissingLods, MESH_LOD_NAMES, type DecodedMesh, type LodToGenerate, type MeshFace, type MeshLodName } from '@slv/assets';
import { choiceFlag, parseCommandArgs, UsageError } from '../cli-args.ts';

const BALANCED = presetSettings('Balanced').assets.simplificationAggressiveness;

export const MESH_USAGE = `usage: slv mesh FILE [--lod NAME | --simplify [--aggressiveness A]] [--json]

  FILE          a mesh asset as ViewerAsset/GetMesh serve it (binary LLSD header, zlib segments)
  --lod NAME    decode only this LOD (${MESH_LOD_NAMES.join(', ')})
  --simplify    also print the LODs the viewer would generate: each missing LOD, or one with at
                least 90 % of the next finer LOD's triangles, simplified (meshoptimizer) from the
                nearest finer LOD present; marked "generated": true in JSON, "generated from" in text
  --aggressiveness A
                with --simplify: assets.simplificationAggressiveness, 0..1 (default ${BALANCED}, Balanced);
                each LOD step keeps 0.5 − 0.375·A of the triangles (Low 0.75: 22 %, High 0.25: 41 %)
  --json        print {"lods":{"high_lod":{"faces":[{"vertices","triangles",…}],"generated":false},…},"skin":{"joints":[…]}}
                (a generated LOD also has "from": the LOD it was made from)
  --help        this text

Faces whose vertices are named "NoGeometry" in the asset count 0 vertices and 0 triangles.
`;

/** Larger files are not mesh assets (the decoder's own bound). */
const MAX_FILE_BYTES = 32 << 20;

interface FaceSummary {
  vertices: number;
  triangles: number;
  noGeometry: boolean;
  positionDomain: { min: number[]; max: number[] } | null;
  normals: boolean;
  uvs: boolean;
  weights: boolean;
}

/** Runs `slv mesh` with the arguments after "mesh"; returns the exit code (2 usage, 1 failure). */
export async function runMesh(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  let file: string;
  let lod: MeshLodName | undefined;
  let json: boolean;
  let simplify: number | null;
  try {
    const { values, positionals } = parseCommandArgs({
      args: argv, allowPositionals: true, strict: true,
      options: {
        lod: { type: 'string' }, json: { type: 'boolean', default: false }, simplify: { type: 'boolean', default: false },
        aggressiveness: { type: 'string' }, help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      out(MESH_USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'needs a FILE' : `takes one FILE, got ${positionals.length}`);
    file = positionals[0]!;
    lod = values.lod === undefined ? undefined : choiceFlag('--lod', values.lod, MESH_LOD_NAMES, 'high_lod');
    json = values.json;
    simplify = simplifyFlags(values.simplify, values.aggressiveness, lod);
  } catch (error) {
    err(`slv mesh: ${(error as Error).message}\n\n${MESH_USAGE}`);
    return 2;
  }
  try {
    const size = (await stat(file)).size;
    if (size > MAX_FILE_BYTES) throw new Error(`${size} bytes is more than a mesh asset (${MAX_FILE_BYTES} at most)`);
    const bytes = new Uint8Array(await readFile(file));
    const mesh = await decodeMeshAsset(bytes, { asset: file, ...(lod === undefined ? {} : { lods: [lod] }) });
    if (lod !== undefined && mesh.lods[lod] === undefined) {
      throw new UsageError(`--lod ${lod}: ${file} has no ${lod} (it has ${mesh.header.lods.join(', ') || 'no LOD'})`);
    }
    const filled = simplify === null ? { lods: mesh.lods, generated: [] } : await fillMissingLods(mesh.lods, simplify);
    const shown: DecodedMesh = { ...mesh, lods: filled.lods };
    if (json) out(JSON.stringify(meshSummary(shown, bytes.length, filled.generated)));
    else for (const line of describeMesh(file, shown, bytes.length, filled.generated)) out(line);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A MeshFormatError already names the file (as its asset).
    err(error instanceof UsageError || message.startsWith(`mesh ${file}:`) ? `slv mesh: ${message}` : `slv mesh: ${file}: ${message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

/** The aggressiveness --simplify runs at, or null without it. */
function simplifyFlags(simplify: boolean, aggressiveness: string | undefined, lod: MeshLodName | undefined): number | null {
  if (!simplify) {
    if (aggressiveness !== undefined) throw new UsageError('--aggressiveness needs --simplify');
    return null;
  }
  if (lod !== undefined) throw new UsageError('--simplify looks at every LOD: it does not go with --lod');
  if (aggressiveness === undefined) return BALANCED;
  const value = Number(aggressiveness);
  if (aggressiveness.trim() === '' || !(value >= 0 && value <= 1)) throw new UsageError(`--aggressiveness must be a number from 0 to 1, got ${JSON.stringify(aggressiveness)}`);
  return value;
}

function faceSummary(face: MeshFace): FaceSummary {
  const domain = face.positionDomain;
  return {
    vertices: face.vertexCount,
    triangles: face.triangleCount,
    noGeometry: face.noGeometry,
    positionDomain: domain === null ? null : { min: [...domain.min], max: [...domain.max] },
    normals: face.normals !== null,
    uvs: face.uvs !== null,
    weights: face.weights !== null,
  };
}

export function meshSummary(mesh: DecodedMesh, bytes: number, generated: readonly LodToGenerate[] = []): object {
  const lods: Record<string, object> = {};
  for (const name of MESH_LOD_NAMES) {
    const lod = mesh.lods[name];
    const plan = generated.find((g) => g.lod === name);
    if (lod !== undefined) lods[name] = { faces: lod.faces.map(faceSummary), generated: plan !== undefined, ...(plan === undefined ? {} : { from: plan.from }) };
  }
  const physics = Object.keys(mesh.header.segments).filter((name) => name.startsWith('physics'));
  return { bytes, headerBytes: mesh.header.headerBytes, lods, skin: mesh.skin === null ? null : { joints: [...mesh.skin.jointNames] }, physics };
}

function describeMesh(file: string, mesh: DecodedMesh, bytes: number, generated: readonly LodToGenerate[]): string[] {
  const lines = [`${file}: ${bytes} bytes, header ${mesh.header.headerBytes} bytes, LODs ${mesh.header.lods.join(', ') || 'none'}`];
  for (const name of MESH_LOD_NAMES) {
    const lod = mesh.lods[name];
    if (lod === undefined) continue;
    const plan = generated.find((g) => g.lod === name);
    const range = mesh.header.segments[name];
    const origin = plan !== undefined ? `generated from ${plan.from}${plan.reason === 'useless' ? ', the asset\'s own is about as large' : ''}` : `${range!.end - range!.start} bytes compressed`;
    lines.push(`  ${name}: ${lod.faces.length} faces, ${lod.vertexCount} vertices, ${lod.triangleCount} triangles (${origin})`);
    lod.faces.forEach((face, i) => {
      if (face.noGeometry) {
        lines.push(`    face ${i}: NoGeometry`);
        return;
      }
      const domain = face.positionDomain === null ? '' : `, domain ${vector(face.positionDomain.min)}..${vector(face.positionDomain.max)}`;
      const has = [face.normals && 'normals', face.uvs && 'UVs', face.weights && 'weights'].filter(Boolean).join(', ') || 'positions only';
      lines.push(`    face ${i}: ${face.vertexCount} vertices, ${face.triangleCount} triangles${domain}; ${has}`);
    });
  }
  if (mesh.skin !== null) lines.push(`  skin: ${mesh.skin.jointNames.length} joints: ${mesh.skin.jointNames.join(', ')}`);
  const physics = Object.keys(mesh.header.segments).filter((name) => name.startsWith('physics'));
  if (physics.length > 0) lines.push(`  not decoded: ${physics.join(', ')}`);
  return lines;
}

function vector(values: readonly number[]): string {
  return `(${values.map((v) => Number(v.toFixed(4))).join(', ')})`;
}
