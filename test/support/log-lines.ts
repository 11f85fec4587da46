export type LogLine = Record<string, unknown>;

/** The JSON log lines in a process's output; anything else (a stray non-JSON line) is skipped. */
export function parseLogLines(output: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const text of output.split('\n')) {
    if (!text.startsWith('{')) continue;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) lines.push(parsed as LogLine);
    } catch {
      // a line cut by the pipe or not ours
    }
  }
  return lines;
}

/** The access-log line written for the request with this id. */
export function requestLogLine(output: string, requestId: string): LogLine | undefined {
  return parseLogLines(output).find(
    (line) =>
      line['requestId'] === requestId && (line['msg'] === 'request completed' || line['msg'] === 'request failed'),
  );
}

/** The raw text of the access-log line of the request with this id, as the process wrote it. */
export function rawRequestLogLine(output: string, requestId: string): string | undefined {
  return output.split('\n').find((text) => requestLogLine(text, requestId) !== undefined);
}

/** The keys of a JSON object as written, duplicates included (JSON.parse silently keeps the last). */
export function topLevelKeys(json: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let index = 0; index < json.length; index++) {
    const char = json[index];
    if (char === '"') {
      let end = index + 1;
      while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      if (
        depth === 1 &&
        json
          .slice(end + 1)
          .trimStart()
          .startsWith(':')
      ) {
        keys.push(JSON.parse(json.slice(index, end + 1)) as string);
      }
      index = end;
    } else if (char === '{' || char === '[') {
      depth++;
    } else if (char === '}' || char === ']') {
      depth--;
    }
  }
  return keys;
}
