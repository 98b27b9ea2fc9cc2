/**
 * What the world systems need of the resources: the live settings (a
 * PerformanceSettingsResource fits) and the ingestion state they work on.
 * An app's resources extend this shape, so the same resources object serves
 * the world's systems and everyone else's.
 */
import type { PerformanceSettings } from '@slv/config';
import type { Resources } from '@slv/core';
import type { WorldIngestion } from './world-ingestion.ts';

export interface WorldResources extends Resources<unknown, { readonly settings: PerformanceSettings }> {
  readonly ingestion: WorldIngestion;
}
