import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeWithShared, sharedPath } from '@slv/testing';
import { expect, it } from 'vitest';
import { generateFromTemplateFile } from './write-generated.ts';
import { TEMPLATE_MESSAGE_COUNT, TEMPLATE_SHA1 } from '../generated/message-schema.ts';

const GENERATED_DIR = fileURLToPath(new URL('../generated/', import.meta.url));

describeWithShared('committed generated code', ['protocol/message_template.msg'], () => {
  const result = generateFromTemplateFile(sharedPath('protocol/message_template.msg'));

  it('records the canonical template it came from', () => {
    expect(result.sha1).toBe('aaecaf01b6954c156662f572dc3ecaf26de0ca67');
    expect(TEMPLATE_SHA1).toBe(result.sha1);
    expect(TEMPLATE_MESSAGE_COUNT).toBe(483);
  });

  for (const file of result.files) {
    it(`${file.name} is what the generator makes now (else run: npm run codegen)`, () => {
      expect(readFileSync(join(GENERATED_DIR, file.name), 'utf8') === file.content).toBe(true);
    });
  }
});
