import { LLSDParseError, formatLLSDXml, parseLLSDXml, type LLSDValue } from '@slv/protocol';

/** The capabilities a viewer asks the seed for (the engine uses a few; asking for more costs nothing). */
export const DEFAULT_CAPABILITY_NAMES: readonly string[] = [
  'EventQueueGet', 'SimulatorFeatures', 'GetTexture', 'GetMesh', 'GetMesh2', 'ViewerAsset', 'FetchInventory2',
  'FetchInventoryDescendents2', 'FetchLib2', 'FetchLibDescendents2', 'EnvironmentSettings', 'ExtEnvironment',
  'ObjectMedia', 'RenderMaterials', 'ModifyMaterialParams', 'GetObjectCost', 'GetDisplayNames', 'UpdateAgentInformation',
  'ParcelPropertiesUpdate', 'RegionObjects', 'UntrustedSimulatorMessage', 'ViewerStats', 'AgentPreferences',
];

export class CapabilityError extends Error {
  constructor(readonly url: string, reason: string, readonly status?: number) {
    super(`capability ${redactCapability(url)}: ${reason}`);
    this.name = 'CapabilityError';
  }
}

/** Capability URLs are secrets: logs show the host and the first characters of the path only. */
export function redactCapability(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.slice(0, 7)}…`;
  } catch {
    return '(invalid url)';
  }
}

/**
 * POSTs the list of wanted capability names to the seed capability and returns
 * name → URL for those the region grants (it leaves out the rest).
 */
export async function fetchCapabilities(
  seedUrl: string,
  names: readonly string[] = DEFAULT_CAPABILITY_NAMES,
  options: { fetch?: typeof fetch; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<Map<string, string>> {
  const doFetch = options.fetch ?? fetch;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await doFetch(seedUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/llsd+xml' },
      body: formatLLSDXml([...names]),
      signal,
    });
  } catch (error) {
    throw new CapabilityError(seedUrl, `request failed: ${(error as Error).message}`);
  }
  if (!response.ok) throw new CapabilityError(seedUrl, `HTTP ${response.status}`, response.status);
  let answer: LLSDValue;
  try {
    answer = parseLLSDXml(await response.text());
  } catch (error) {
    throw new CapabilityError(seedUrl, error instanceof LLSDParseError ? error.message : String(error));
  }
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer) || answer instanceof Uint8Array || answer instanceof Date) {
    throw new CapabilityError(seedUrl, 'the answer is not an LLSD map');
  }
  const caps = new Map<string, string>();
  for (const [name, value] of Object.entries(answer as Record<string, LLSDValue>)) {
    const url = typeof value === 'string' ? value : value !== null && typeof value === 'object' && 'value' in value ? String(value.value) : null;
    if (url) caps.set(name, url);
  }
  return caps;
}
