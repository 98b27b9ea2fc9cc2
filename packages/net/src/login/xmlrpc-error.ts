/** Why an XML-RPC document could not be read or written, and where. */
export class XmlRpcError extends Error {
  override readonly name = 'XmlRpcError';

  /**
   * @param reason what went wrong, without the position
   * @param line 1-based line of the input where it was detected (parse errors only)
   * @param column 1-based column of the input where it was detected (parse errors only)
   */
  constructor(
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(line === undefined ? `XML-RPC: ${reason}` : `XML-RPC: line ${line}, column ${column ?? 0}: ${reason}`);
  }
}
