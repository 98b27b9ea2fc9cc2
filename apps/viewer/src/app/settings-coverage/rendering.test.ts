/** Every renderer-read setting changes what the render systems (or the GPU passes' CPU side) do. */
import { describeFieldChecks } from './field-checks.test-support.ts';
import { RENDER_CHECKS } from './render-checks.test-support.ts';

describeFieldChecks('renderer', RENDER_CHECKS);
