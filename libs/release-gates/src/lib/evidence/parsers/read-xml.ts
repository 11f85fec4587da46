import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { EvidenceUnparseable } from './evidence-unparseable';
import { lineIn, lineStarts } from './read-text';

/** An element as fast-xml-parser gives it: attributes under "@_name", children by tag name. */
export type XmlElement = { [key: string]: unknown };

/** Deeper than any JUnit or Cobertura report nests; the parser refuses more rather than recursing without end. */
const MAX_XML_DEPTH = 100;

/** The document's root element and its name. */
export interface XmlDocument {
  rootName: string;
  root: XmlElement;
  /** The line an element starts on, for reasons about its attributes. Call it when reporting, not for every element. */
  lineOf(element: XmlElement): number | undefined;
}

export interface XmlReading {
  /** Elements that are always arrays, however many the document has. */
  arrayTags: ReadonlySet<string>;
  /** Elements whose content is not parsed (only whether they are there matters): stack traces, logs. */
  opaqueTags?: readonly string[];
}

/** Where the parser records each element's offset (captureMetaData); typed `Symbol` in its declarations. */
const METADATA = XMLParser.getMetaDataSymbol() as unknown as symbol;

/**
 * Parses an uploaded XML report. The validator runs first because it names
 * the line of a syntax error. Entities: the five of XML and numeric
 * references are decoded; external entities (XXE) are refused by the parser;
 * internal DOCTYPE entities cannot refer to other entities (no "billion
 * laughs") and their total expansion is capped.
 */
export function readXml(text: string, { arrayTags, opaqueTags = [] }: XmlReading): XmlDocument {
  if (text.trim() === '') throw new EvidenceUnparseable('the file is empty');
  const validation = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (validation !== true) {
    throw new EvidenceUnparseable(`not well-formed XML: ${validation.err.msg}`, validation.err.line || undefined);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    allowBooleanAttributes: true,
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    htmlEntities: true,
    processEntities: { enabled: true, maxEntityCount: 100, maxEntitySize: 1_000, maxExpandedLength: 100_000 },
    maxNestedTags: MAX_XML_DEPTH,
    stopNodes: opaqueTags.map((tag) => `*.${tag}`),
    captureMetaData: true,
    isArray: (name, _path, _isLeaf, isAttribute) => !isAttribute && arrayTags.has(name),
  });
  let parsed: XmlElement;
  try {
    parsed = parser.parse(text) as XmlElement;
  } catch (error) {
    throw new EvidenceUnparseable(`XML refused: ${xmlErrorMessage(error)}`);
  }
  const rootName = Object.keys(parsed).find((key) => !key.startsWith('?') && !key.startsWith('#'));
  if (rootName === undefined) throw new EvidenceUnparseable('the XML document has no root element');
  // The root is an array when its tag is one of `arrayTags` (a lone <testsuite>).
  const value = parsed[rootName];
  const root = Array.isArray(value) ? value[0] : value;
  // An empty root (<testsuites/>) parses as an empty string.
  let starts: number[] | undefined;
  const lineOf = (element: XmlElement): number | undefined => {
    const metadata = (element as Record<symbol, { startIndex?: number } | undefined>)[METADATA];
    if (metadata?.startIndex === undefined) return undefined;
    starts ??= lineStarts(text);
    return lineIn(starts, metadata.startIndex);
  };
  return { rootName, root: isElement(root) ? root : {}, lineOf };
}

export function isElement(value: unknown): value is XmlElement {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The child elements named `name` (an array for tags in `arrayTags`, otherwise one or none). */
export function children(element: XmlElement, name: string): XmlElement[] {
  const value = element[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  // A self-closing or empty element (<skipped/>) parses as an empty string: it still counts.
  return list.map((item) => (isElement(item) ? item : {}));
}

export function attribute(element: XmlElement, name: string): string | undefined {
  const value = element[`@_${name}`];
  return value === undefined || value === null ? undefined : String(value);
}

/** The parser's own messages are about structure, never the document's text; keep them short. */
function xmlErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^\[[A-Za-z]+\]\s*/, '').slice(0, 200);
}
