export { generateCode, type GeneratedFile, type GenerateOptions } from './generate-code.ts';
export { generateFromTemplateFile, writeGeneratedFiles, type CodegenResult } from './write-generated.ts';
