/**
 * Node-only parts of @slv/config (import '@slv/config/node'): the settings
 * file in the user's config directory and the os-module hardware probe.
 */
export { defaultSettingsPath, FileSettingsStore, SETTINGS_DIR_NAME, SETTINGS_FILE_NAME } from './file-settings-store.ts';
export { detectHardwareNode } from './detect-hardware-node.ts';
