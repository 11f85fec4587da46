/** The generated table of docs/configuration.md lives between these two lines; everything else is hand-written. */
export const CONFIG_TABLE_START = '<!-- config-table:start -->';
export const CONFIG_TABLE_END = '<!-- config-table:end -->';

function markerPositions(document: string): { start: number; end: number } {
  const start = document.indexOf(CONFIG_TABLE_START);
  const end = document.indexOf(CONFIG_TABLE_END);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`The document needs ${CONFIG_TABLE_START} and then ${CONFIG_TABLE_END}, each on its own line.`);
  }
  return { start, end };
}

/** The table currently written between the markers, without the blank lines around it. */
export function configTableIn(document: string): string {
  const { start, end } = markerPositions(document);
  return document.slice(start + CONFIG_TABLE_START.length, end).trim();
}

/** `document` with the text between the markers replaced by `table`; the rest is left byte for byte. */
export function withConfigTable(document: string, table: string): string {
  const { start, end } = markerPositions(document);
  return `${document.slice(0, start)}${CONFIG_TABLE_START}\n\n${table.trim()}\n\n${document.slice(end)}`;
}
