/** Node side of the generator: read a template file, generate, write the files. */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseTemplate } from '../template/parse-template.ts';
import { generateCode, type GeneratedFile } from './generate-code.ts';

export interface CodegenResult {
  files: GeneratedFile[];
  sha1: string;
  messageCount: number;
}

/** Parses `templatePath` (throws TemplateError with file:line:column) and generates the code. */
export function generateFromTemplateFile(templatePath: string): CodegenResult {
  const bytes = readFileSync(templatePath);
  const sha1 = createHash('sha1').update(bytes).digest('hex');
  const template = parseTemplate(bytes.toString('utf8'), templatePath);
  const files = generateCode(template, { sha1, source: basename(templatePath) });
  return { files, sha1, messageCount: template.messages.length };
}

export function writeGeneratedFiles(outDir: string, files: readonly GeneratedFile[]): string[] {
  mkdirSync(outDir, { recursive: true });
  return files.map((file) => {
    const path = join(outDir, file.name);
    writeFileSync(path, file.content);
    return path;
  });
}
