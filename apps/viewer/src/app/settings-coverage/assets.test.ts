/** Every setting the asset streamers read changes what they do. */
import { afterAll } from 'vitest';
import { ASSET_CHECKS, closeAssetChecks } from './asset-checks.test-support.ts';
import { describeFieldChecks } from './field-checks.test-support.ts';

afterAll(closeAssetChecks);
describeFieldChecks('asset streaming', ASSET_CHECKS, 30_000);
