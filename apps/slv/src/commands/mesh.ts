/**
 * `slv mesh FILE [--lod NAME] [--json]`: decodes one Second Life mesh asset
 * (the LLSD mesh format: binary LLSD header, zlib segments) and prints, per
 * LOD present, its faces with vertex and triangle counts, the position
 * domain, whether normals, UVs and weights are present, and the skin's
 * joint names. Physics segments are listed, not decoded.
 */
import { readFile, stat } from 'node:fs/promises';
import { decodeMeshAsset, MESH_LOD_NAMES, type DecodedMesh, type MeshFace, type MeshLodName } from '@slv/assets';
import { choiceFlag, parseCommandArgs, UsageError } from '../cli-args.ts';

export const MESH_USAGE = `usage: slv mesh FILE [--lod NAME] [--json]

  FILE          a mesh asset as ViewerAsset/GetMesh serve it (binary LLSD header, zlib segments)
  --lod NAME    decode only this LOD (${MESH_LOD_NAMES.join(', ')})
  --json        print {"lods":{"high_lod":{"faces":[{"vertices","triangles",…}],"generated":false},…},"skin":{"joints":[…]}}
  --help        this text

Faces whose vertices are named "NoGeometry" in the asset count 0 vertices and 0 triangles.
(--simplify, which would add generated LODs for missing ones, needs meshoptimizer and is not here yet.)
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
  try {
    const { values, positionals } = parseCommandArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { lod: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    });
    if (values.help) {
      out(MESH_USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'needs a FILE' : `takes one FILE, got ${positionals.length}`);
    file = positionals[0]!;
    lod = values.lod === undefined ? undefined : choiceFlag('--lod', values.lod, MESH_LOD_NAMES, 'high_lod');
    json = values.json;
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
    if (json) out(JSON.stringify(meshSummary(mesh, bytes.length)));
    else for (const line of describeMesh(file, mesh, bytes.length)) out(line);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A MeshFormatError already names the file (as its asset).
    err(error instanceof UsageError || message.startsWith(`mesh ${file}:`) ? `slv mesh: ${message}` : `slv mesh: ${file}: ${message}`);
    return error instanceof UsageError ? 2 : 1;
  }
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

export function meshSummary(mesh: DecodedMesh, bytes: number): object {
  const lods: Record<string, object> = {};
  for (const name of MESH_LOD_NAMES) {
    const lod = mesh.lods[name];
    if (lod !== undefined) lods[name] = { faces: lod.faces.map(faceSummary), generated: false };
  }
  const physics = Object.keys(mesh.header.segments).filter((name) => name.startsWith('physics'));
  return { bytes, headerBytes: mesh.header.headerBytes, lods, skin: mesh.skin === null ? null : { joints: [...mesh.skin.jointNames] }, physics };
}

function describeMesh(file: string, mesh: DecodedMesh, bytes: number): string[] {
  const lines = [`${file}: ${bytes} bytes, header ${mesh.header.headerBytes} bytes, LODs ${mesh.header.lods.join(', ') || 'none'}`];
  for (const name of MESH_LOD_NAMES) {
    const lod = mesh.lods[name];
    if (lod === undefined) continue;
    const range = mesh.header.segments[name]!;
    lines.push(`  ${name}: ${lod.faces.length} faces, ${lod.vertexCount} vertices, ${lod.triangleCount} triangles (${range.end - range.start} bytes compressed)`);
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
