import { readFileSync } from 'node:fs';
import { OPENAPI_DOCUMENT } from './paths';
import { unboundedRequestInputs } from './request-bounds';

describe('request bounds', () => {
  it('should find every input of the committed document bounded: strings, arrays and integers a client sends', () => {
    const document = JSON.parse(readFileSync(OPENAPI_DOCUMENT, 'utf8'));
    expect(unboundedRequestInputs(document)).toEqual([]);
  });

  it('should name an unbounded string, array and integer, also behind a $ref and inside items', () => {
    const document = {
      paths: {
        '/things': {
          get: { parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }] },
          post: {
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          },
        },
      },
      components: {
        schemas: {
          Thing: {
            type: 'object',
            properties: {
              tags: { type: 'array', maxItems: 5, items: { type: 'string' } },
              names: { type: 'array', items: { type: 'string', maxLength: 10 } },
              count: { type: 'integer', minimum: 0 },
              kind: { type: 'string', enum: ['a', 'b'] },
              file: { type: 'string', format: 'binary' },
            },
          },
        },
      },
    };
    expect(unboundedRequestInputs(document)).toEqual([
      'GET /things (query q: a string without maxLength)',
      'POST /things (#/components/schemas/Thing.tags.items: a string without maxLength)',
      'POST /things (#/components/schemas/Thing.names: an array without maxItems)',
      'POST /things (#/components/schemas/Thing.count: an integer without minimum and maximum)',
    ]);
  });
});
