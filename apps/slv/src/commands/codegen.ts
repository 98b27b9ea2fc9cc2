/** `slv codegen --template FILE --out DIR`: regenerate the protocol codecs from a template. */
import { resolve } from 'node:path';
import { generateFromTemplateFile, writeGeneratedFiles } from '@slv/protocol/codegen';
import { TemplateError } from '@slv/protocol';
import { parseCommandArgs, UsageError } from '../cli-args.ts';

export const CODEGEN_USAGE = `usage: slv codegen --template FILE --out DIR

  --template FILE   a message_template.msg
  --out DIR         where to write the generated TypeScript (required: nothing is written to a default place)
  -h, --help        this text
`;

/** `slv codegen` from its arguments; --out is required so nothing lands in the working directory by surprise. */
export function runCodegenCommand(args: string[], out: (line: string) => void, err: (line: string) => void): number {
  const { values } = parseCommandArgs({
    args,
    options: { template: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    out(CODEGEN_USAGE);
    return 0;
  }
  if (values.template === undefined) throw new UsageError('needs --template FILE');
  if (values.out === undefined) throw new UsageError('needs --out DIR (where to write the generated files)');
  return runCodegen(values.template, values.out, out, err);
}

export function runCodegen(template: string, outDir: string, out: (line: string) => void, err: (line: string) => void): number {
  try {
    const result = generateFromTemplateFile(template);
    const paths = writeGeneratedFiles(outDir, result.files);
    out(`${result.messageCount} messages from ${template} (sha1 ${result.sha1}) into ${resolve(outDir)}`);
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
