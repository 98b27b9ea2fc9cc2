/** @slv/benchmarks: per-system benchmark suites, run by `slv bench SUITE`. */
import type { SuiteReport } from './harness.ts';
import { runProtocolSuite, type ProtocolSuiteOptions } from './protocol-suite.ts';

export * from './harness.ts';
export { loadFixturePackets, type FixturePackets } from './fixture-packets.ts';
export { runProtocolSuite, type ProtocolSuiteOptions } from './protocol-suite.ts';

export type SuiteOptions = ProtocolSuiteOptions;
export type SuiteRunner = (options: SuiteOptions) => Promise<SuiteReport>;

/** Every suite by the name `slv bench` takes. */
export const SUITES: Readonly<Record<string, SuiteRunner>> = {
  protocol: runProtocolSuite,
};
