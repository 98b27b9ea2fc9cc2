/**
 * A procedural humanoid figure to draw avatars with instead of their box:
 * head (with a nose, so the facing shows), neck, chest, pelvis, upper arms,
 * forearms, thighs, shins and feet, each a tessellated ellipsoid. Positions
 * are in the unit box −0.5..0.5 of the object, z up, facing +x, so the
 * object's world matrix scales it by the avatar's scale as it would the box
 * (the figure's proportions are laid out for the default 0.45 × 0.6 × 1.9 m
 * avatar, FIGURE_DIMENSIONS, and stretch with any other). Normals are those
 * of the unit-box surface (the metre-space normals scaled by the dimensions),
 * so the renderer's usual normal matrix for a non-uniform scale gives the
 * metre-space ones back. Three faces: 0 head, 1 upper body and arms,
 * 2 pelvis, legs and feet.
 */
import type { DrawableMesh } from './mesh-slots.ts';

/** The avatar size the figure is laid out in, metres (x depth, y width, z height): OpenSimulator's default box. */
export const FIGURE_DIMENSIONS: readonly [number, number, number] = [0.45, 0.6, 1.9];

/** An ellipsoid part: centre and radii in metres (the figure's middle at 0), and the face it belongs to. */
interface Part {
  readonly centre: readonly [number, number, number];
  readonly radii: readonly [number, number, number];
  readonly face: number;
}

const HEAD = 0;
const UPPER = 1;
const LOWER = 2;
const FACE_COUNT = 3;

function mirrored(centre: readonly [number, number, number], radii: readonly [number, number, number], face: number): Part[] {
  return [
    { centre, radii, face },
    { centre: [centre[0], -centre[1], centre[2]], radii, face },
  ];
}

/** The body, feet on z = −0.95 and the top of the head at 0.94, within ±0.225 (x) and ±0.3 (y). */
const PARTS: readonly Part[] = [
  { centre: [0, 0, 0.82], radii: [0.1, 0.09, 0.12], face: HEAD },
  { centre: [0.095, 0, 0.8], radii: [0.03, 0.02, 0.03], face: HEAD }, // nose
  { centre: [0, 0, 0.68], radii: [0.05, 0.05, 0.06], face: HEAD }, // neck
  { centre: [0, 0, 0.42], radii: [0.12, 0.19, 0.24], face: UPPER }, // chest
  ...mirrored([0, 0.23, 0.42], [0.05, 0.05, 0.17], UPPER), // upper arms
  ...mirrored([0, 0.25, 0.08], [0.045, 0.045, 0.2], UPPER), // forearms and hands
  { centre: [0, 0, 0.12], radii: [0.11, 0.16, 0.12], face: LOWER }, // pelvis
  ...mirrored([0, 0.09, -0.22], [0.075, 0.075, 0.24], LOWER), // thighs
  ...mirrored([0, 0.09, -0.66], [0.055, 0.055, 0.24], LOWER), // shins
  ...mirrored([0.05, 0.09, -0.91], [0.12, 0.05, 0.04], LOWER), // feet, toes forward (+x)
];

/**
 * The figure as a DrawableMesh: every part an ellipsoid of `segments`
 * columns around and `segments / 2` rings from pole to pole (at least 6
 * and 3). 12 (the default) gives about 1500 vertices and 2600 triangles.
 */
export function avatarFigureMesh(segments = 12): DrawableMesh {
  const columns = Math.max(6, Math.floor(segments));
  const rings = Math.max(3, Math.floor(columns / 2));
  const perPart = (rings + 1) * (columns + 1);
  // Pole rows give one triangle per column instead of two.
  const trianglesPerPart = columns * (2 * rings - 2);
  const vertexCount = perPart * PARTS.length;
  const positions = new Float32Array(vertexCount * 3);
  const normals = new Float32Array(vertexCount * 3);
  const uvs = new Float32Array(vertexCount * 2);
  const indices = vertexCount > 65535 ? new Uint32Array(trianglesPerPart * PARTS.length * 3) : new Uint16Array(trianglesPerPart * PARTS.length * 3);
  const faceIndexStart = new Int32Array(FACE_COUNT);
  const faceIndexCount = new Int32Array(FACE_COUNT);
  const faceTe = Int32Array.from({ length: FACE_COUNT }, (_, f) => f);
  const [dx, dy, dz] = FIGURE_DIMENSIONS;
  let written = 0;
  let vertex = 0;
  // Faces in order, so each face's triangles are one run of the index buffer.
  for (let face = 0; face < FACE_COUNT; face++) {
    faceIndexStart[face] = written;
    for (const part of PARTS) {
      if (part.face !== face) continue;
      const base = vertex;
      const [cx, cy, cz] = part.centre;
      const [rx, ry, rz] = part.radii;
      for (let i = 0; i <= rings; i++) {
        const theta = (i / rings) * Math.PI; // 0 at the bottom pole
        const s = Math.sin(theta);
        const c = -Math.cos(theta);
        for (let j = 0; j <= columns; j++) {
          const phi = (j / columns) * Math.PI * 2;
          const ux = s * Math.cos(phi);
          const uy = s * Math.sin(phi);
          positions[vertex * 3] = (cx + rx * ux) / dx;
          positions[vertex * 3 + 1] = (cy + ry * uy) / dy;
          positions[vertex * 3 + 2] = (cz + rz * c) / dz;
          // The ellipsoid's normal in metres is (ux / rx, uy / ry, c / rz); in the unit box, times the dimensions.
          const nx = (ux / rx) * dx;
          const ny = (uy / ry) * dy;
          const nz = (c / rz) * dz;
          const length = Math.hypot(nx, ny, nz);
          normals[vertex * 3] = nx / length;
          normals[vertex * 3 + 1] = ny / length;
          normals[vertex * 3 + 2] = nz / length;
          uvs[vertex * 2] = j / columns;
          uvs[vertex * 2 + 1] = i / rings;
          vertex++;
        }
      }
      // Counter-clockwise seen from outside (the renderer culls back faces).
      for (let i = 0; i < rings; i++) {
        for (let j = 0; j < columns; j++) {
          const a = base + i * (columns + 1) + j;
          const b = a + 1;
          const cc = a + columns + 1;
          const d = cc + 1;
          if (i > 0) {
            indices[written++] = a;
            indices[written++] = b;
            indices[written++] = cc;
          }
          if (i < rings - 1) {
            indices[written++] = b;
            indices[written++] = d;
            indices[written++] = cc;
          }
        }
      }
    }
    faceIndexCount[face] = written - faceIndexStart[face]!;
  }
  return { positions, normals, uvs, indices, faceCount: FACE_COUNT, faceIndexStart, faceIndexCount, faceTe };
}
