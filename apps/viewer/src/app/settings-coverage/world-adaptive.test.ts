/** Every world and adaptive setting changes what ingestion, the world systems or the adaptive scaler do. */
import { describeFieldChecks } from './field-checks.test-support.ts';
import { ADAPTIVE_CHECKS, WORLD_CHECKS } from './world-checks.test-support.ts';

describeFieldChecks('world', WORLD_CHECKS);
describeFieldChecks('adaptive', ADAPTIVE_CHECKS);
