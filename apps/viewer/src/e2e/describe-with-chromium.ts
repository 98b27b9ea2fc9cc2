/**
 * A describe() for suites that drive Chromium: skipped with a printed reason
 * when no Chromium is installed, failing instead when SLV_REQUIRE_FIXTURES=1
 * or under CI (where .ci/run installs it).
 */
import { describe } from 'vitest';
import { CHROMIUM_CANDIDATES, findChromium } from '../harness/chromium.ts';

export function describeWithChromium(name: string, body: (executablePath: string) => void): void {
  const executablePath = findChromium();
  if (executablePath !== null) {
    describe(name, () => body(executablePath));
    return;
  }
  const reason = `no Chromium found ($SLV_CHROMIUM or ${CHROMIUM_CANDIDATES.join(', ')}); install it with "apt-get install chromium"`;
  if (process.env['SLV_REQUIRE_FIXTURES'] === '1' || process.env['CI'] === 'true') {
    describe(name, () => {
      throw new Error(`${reason} (SLV_REQUIRE_FIXTURES=1 or CI makes this a failure)`);
    });
    return;
  }
  console.warn(`skipping "${name}": ${reason}`);
  describe.skip(name, () => body(''));
}
