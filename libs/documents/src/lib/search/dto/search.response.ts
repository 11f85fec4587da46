export class SearchHitResponse {
  documentId: string;
  chunkId: string;
  /** The document's title. @example "Pricing 2027" */
  title: string;
  /** The headings the chunk sits under, outermost first. @example ["Pricing", "Enterprise"] */
  headingPath: string[];
  /** The PDF page the chunk is on; null for other kinds. @example 3 */
  page: number | null;
  /** The best fragments, HTML-escaped, matched terms in <mark>…</mark>. @example "The <mark>Enterprise</mark> plan costs 40 EUR per seat" */
  snippet: string;
  /** ts_rank_cd (lexical) or the reciprocal-rank-fusion score (hybrid): higher is better. @example 0.42 */
  score: number;
}

export class SearchResponse {
  /** `lexical` (full text) or `hybrid` (full text and embeddings, fused). @example "lexical" */
  mode: 'lexical' | 'hybrid';
  data: SearchHitResponse[];
}

export class CitationResponse {
  documentId: string;
  title: string;
  page: number | null;
  headingPath: string[];
  chunkId: string;
}

export class RetrievedChunkResponse {
  documentId: string;
  chunkId: string;
  title: string;
  headingPath: string[];
  page: number | null;
  /** The chunk's whole text. */
  content: string;
  score: number;
  citation: CitationResponse;
}

export class RetrieveResponse {
  mode: 'lexical' | 'hybrid';
  data: RetrievedChunkResponse[];
}
