import { PDFDocument, StandardFonts } from 'pdf-lib';

/** A file the ingestion scenarios upload, and what it holds. */
export interface IngestionFile {
  fileName: string;
  /** The type a browser would declare (Keel sniffs the bytes anyway). */
  type: string;
  bytes: Buffer;
  /** What `units` counts: rows of a sheet, pages of a PDF. */
  unit: 'rows' | 'pages';
  units: number;
}

const CITIES = ['Lisbon', 'Porto', 'Leipzig', 'Hamburg', 'Valencia', 'Dublin', 'Berlin', 'Hannover'];
const PRODUCTS = [
  'frozen peas',
  'oat milk',
  'rye bread',
  'olive oil',
  'salmon fillets',
  'apple juice',
  'espresso beans',
];
const STATUSES = ['delivered', 'failed: nobody home', 'delivered to neighbour', 'returned to depot'];
const SENTENCES = [
  'The carrier shall deliver the goods to the address stated in the order within the agreed time window.',
  'Refrigerated goods are kept between two and seven degrees Celsius from loading until delivery.',
  'A delivery attempt that fails because nobody is present is charged as a completed stop.',
  'The customer may audit the temperature logs of any delivery within ninety days.',
  'Either party may terminate this schedule with three months written notice.',
  'Claims for damaged goods must be made within forty eight hours with photographs.',
];

/**
 * A delivery log of `rows` rows (and its header) as CSV, about 100 bytes a
 * row; `round` is in every row, so each round's file has other bytes (the
 * same bytes again would be a duplicate, not an ingestion).
 */
export function deliveryLogCsv(round: number, rows: number): IngestionFile {
  const lines = ['stop_id,round,date,city,recipient,product,quantity,status,driver_note'];
  for (let row = 1; row <= rows; row += 1) {
    lines.push(
      [
        `S-${round}-${row}`,
        round,
        `2026-${String((row % 12) + 1).padStart(2, '0')}-${String((row % 28) + 1).padStart(2, '0')}`,
        CITIES[row % CITIES.length],
        `Recipient ${row % 9973}`,
        PRODUCTS[row % PRODUCTS.length],
        (row % 40) + 1,
        STATUSES[row % STATUSES.length],
        row % 7 === 0 ? '"left at the back door, as asked"' : '',
      ].join(','),
    );
  }
  return {
    fileName: `delivery-log-${round}.csv`,
    type: 'text/csv',
    bytes: Buffer.from(`${lines.join('\n')}\n`),
    unit: 'rows',
    units: rows,
  };
}

/** A contract of `pages` pages of text (40 lines each), made with pdf-lib; `round` is on every page. */
export async function contractPdf(round: number, pages: number): Promise<IngestionFile> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let page = 1; page <= pages; page += 1) {
    const sheet = pdf.addPage([595, 842]);
    sheet.drawText(`Framework delivery agreement, round ${round}, page ${page}`, { x: 50, y: 800, size: 12, font });
    for (let line = 0; line < 40; line += 1) {
      const text = SENTENCES[(page + line) % SENTENCES.length].slice(0, 95);
      sheet.drawText(`${page}.${line + 1} ${text}`, { x: 50, y: 770 - line * 18, size: 9, font });
    }
  }
  return {
    fileName: `framework-agreement-${round}.pdf`,
    type: 'application/pdf',
    bytes: Buffer.from(await pdf.save()),
    unit: 'pages',
    units: pages,
  };
}
