/**
 * @slv/render: prim volume geometry, culling (frustum + HZB), clustered lights,
 * terrain meshes, and the regl renderer that runs them as scheduler systems.
 * The CPU parts (volume, culling, lighting, terrain) run and are tested in Node.
 */
export * from './volume/index.ts';
export * from './culling/index.ts';
export * from './lighting/index.ts';
export * from './terrain/index.ts';
export * from './renderer/index.ts';
