/** Every network setting changes what the circuit or the session does. */
import { afterAll } from 'vitest';
import { describeFieldChecks } from './field-checks.test-support.ts';
import { closeNetChecks, NET_CHECKS } from './net-checks.test-support.ts';

afterAll(closeNetChecks);
describeFieldChecks('network', NET_CHECKS, 30_000);
