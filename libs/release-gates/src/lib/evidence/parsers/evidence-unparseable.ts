/**
 * A file that does not parse as the evidence type it was sent as. `reason`
 * says what is wrong in words a CI user can act on; `line` (1-based) is where,
 * when the parser knows. Reasons never quote the file's content: evidence may
 * carry secrets, and the reason travels into responses and logs.
 */
export class EvidenceUnparseable extends Error {
  constructor(
    readonly reason: string,
    readonly line?: number,
  ) {
    super(line === undefined ? reason : `${reason} (line ${line})`);
    this.name = 'EvidenceUnparseable';
  }
}
