/**
 * The offscreen target every scene pass draws into: a colour texture (the
 * present pass samples it) and depth, a texture on WebGL2 (the HZB pass
 * reduces it) and a renderbuffer on WebGL1. Sized each frame to the
 * drawing buffer × settings.rendering.renderScale; resized only when that
 * changes.
 */
import type { Regl } from 'regl';
import type REGL from 'regl';

export interface RenderTargets {
  width: number;
  height: number;
  readonly color: REGL.Texture2D;
  readonly depth: REGL.Texture2D | REGL.Renderbuffer;
  /** The depth attachment as a texture (WebGL2), else null. */
  readonly depthTexture: REGL.Texture2D | null;
  /** Its WebGL handle for the raw-GL HZB pass, asked of GL when first needed; null until then. */
  depthHandle: WebGLTexture | null;
  readonly scene: REGL.Framebuffer2D;
}

export function createRenderTargets(regl: Regl, gl2: WebGL2RenderingContext | null): RenderTargets {
  const color = regl.texture({ width: 1, height: 1, format: 'rgba', type: 'uint8', min: 'linear', mag: 'linear' });
  const depthTexture = gl2 !== null ? regl.texture({ width: 1, height: 1, format: 'depth', type: 'uint32' }) : null;
  const depth = depthTexture ?? regl.renderbuffer({ width: 1, height: 1, format: 'depth' });
  return { width: 1, height: 1, color, depth, depthTexture, depthHandle: null, scene: regl.framebuffer({ color, depth }) };
}

/**
 * One edge of the scene target for a drawing buffer edge of `drawingBuffer`
 * pixels at settings.rendering.renderScale (1 when the scale is not a
 * positive number): rounded, at least 1.
 */
export function scaledTargetSize(drawingBuffer: number, renderScale: number): number {
  const scale = Number.isFinite(renderScale) && renderScale > 0 ? renderScale : 1;
  return Math.max(1, Math.round(drawingBuffer * scale));
}

/** Resizes the targets to `width` × `height` when they differ. */
export function resizeRenderTargets(t: RenderTargets, width: number, height: number): void {
  if (width === t.width && height === t.height) return;
  t.width = width;
  t.height = height;
  t.scene.resize(width, height);
  // Looked up again rather than trusting regl to keep the texture object across a resize.
  t.depthHandle = null;
}

/**
 * The WebGL texture attached as `framebuffer`'s depth, asked of GL itself
 * (getFramebufferAttachmentParameter) rather than read out of regl's
 * private fields; null when the depth attachment is not a texture.
 */
export function attachedDepthTexture(regl: Regl, framebuffer: REGL.Framebuffer2D): WebGLTexture | null {
  const gl = regl._gl;
  let handle: WebGLTexture | null = null;
  framebuffer.use(() => {
    // regl binds a scope's framebuffer lazily, at the next draw or poll: poll binds it now.
    regl.poll();
    const type = gl.getFramebufferAttachmentParameter(gl.FRAMEBUFFER, gl.DEPTH_ATTACHMENT, gl.FRAMEBUFFER_ATTACHMENT_OBJECT_TYPE) as number;
    if (type === gl.TEXTURE) {
      handle = gl.getFramebufferAttachmentParameter(gl.FRAMEBUFFER, gl.DEPTH_ATTACHMENT, gl.FRAMEBUFFER_ATTACHMENT_OBJECT_NAME) as WebGLTexture;
    }
  });
  return handle;
}

/** The depth texture's WebGL handle (WebGL2), looked up once per target set. */
export function depthTextureHandle(t: RenderTargets, regl: Regl): WebGLTexture | null {
  if (t.depthTexture === null) return null;
  t.depthHandle ??= attachedDepthTexture(regl, t.scene);
  return t.depthHandle;
}

export function destroyRenderTargets(t: RenderTargets): void {
  t.scene.destroy();
  t.color.destroy();
  t.depth.destroy();
  t.depthHandle = null;
}
