/** The CLI's version, as its package.json says (a test keeps the two equal). */
export const CLI_VERSION = '0.1.0';
