/** `slv codegen --template FILE --out DIR`: regenerate the protocol codecs from a template. */
import { generateFromTemplateFile, writeGeneratedFiles } from '@slv/protocol/codegen';
import { TemplateError } from '@slv/protocol';

export function runCodegen(template: string, outDir: string, out: (line: string) => void, err: (line: string) => void): number {
  try {
    const result = generateFromTemplateFile(template);
    const paths = writeGeneratedFiles(outDir, result.files);
    out(`${result.messageCount} messages from ${template} (sha1 ${result.sha1})`);
    for (const path of paths) out(`  wrote ${path}`);
    return 0;
  } catch (error) {
    if (error instanceof TemplateError) {
      err(error.message);
      return 1;
    }
    err(`slv codegen: ${(error as Error).message}`);
    return 1;
  }
}
