// The part of pdf.js's image decoders module that @slv/assets uses (the package ships no types for it).
declare module 'pdfjs-dist/legacy/image_decoders/pdf.image_decoders.mjs' {
  export class JpxError extends Error {}
  export interface JpxDecodeOptions {
    numComponents?: number;
    reducePower?: number;
  }
  export const JpxImage: {
    setOptions(options: {
      useWasm: boolean;
      useWorkerFetch: boolean;
      wasmUrl: string;
      getHandler: () => { sendWithPromise(action: string, data: unknown): Promise<Uint8Array> };
    }): void;
    readonly instance: { decode(bytes: Uint8Array, options?: JpxDecodeOptions): Promise<Uint8ClampedArray | null> };
  };
  export function setVerbosityLevel(level: number): void;
  export const VerbosityLevel: { readonly ERRORS: number; readonly WARNINGS: number; readonly INFOS: number };
}
