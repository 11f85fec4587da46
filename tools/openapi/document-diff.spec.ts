import { describeDocumentDifferences } from './document-diff';

const text = (document: unknown): string => JSON.stringify(document, null, 2) + '\n';

const served = {
  openapi: '3.1.0',
  paths: {
    '/health/live': { get: { responses: { 200: { description: 'alive' } } } },
    '/health/ready': { get: { responses: { 200: { description: 'ready' } } } },
  },
  info: { title: 'Keel API', version: '0.1.0' },
  webhooks: {
    'project.created': { post: { responses: { '2XX': { description: 'received' } } } },
    'project.archived': { post: { responses: { '2XX': { description: 'received' } } } },
  },
  components: {
    schemas: { ProblemDetails: { type: 'object' }, FieldError: { type: 'object' } },
    responses: { Problem: { description: 'problem' } },
  },
};

describe('describeDocumentDifferences', () => {
  it('should find nothing when the committed text is the served text', () => {
    expect(describeDocumentDifferences(text(served), text(served))).toEqual([]);
  });

  it('should say when the committed file is missing or not JSON', () => {
    expect(describeDocumentDifferences(undefined, text(served))).toEqual(['the committed file does not exist']);
    expect(describeDocumentDifferences('{', text(served))).toEqual(['the committed file is not valid JSON']);
  });

  it('should name the operations, schemas, webhooks and sections that differ, as changes in the app', () => {
    const committed = {
      ...served,
      paths: {
        '/health/live': { get: { responses: { 200: { description: 'was alive' } } } },
        '/v1/gone': { get: { responses: {} }, parameters: [] },
      },
      info: { title: 'Keel API', version: '0.0.9' },
      webhooks: {
        'project.created': { post: { responses: { '2XX': { description: 'was received' } } } },
        'project.gone': { post: { responses: {} } },
      },
      components: { schemas: { ProblemDetails: { type: 'object' }, Removed: { type: 'object' } } },
    };

    expect(describeDocumentDifferences(text(committed), text(served))).toEqual([
      'operations added:    GET /health/ready',
      'operations removed:  GET /v1/gone, /v1/gone parameters',
      'operations changed:  GET /health/live',
      'schemas added:       FieldError',
      'schemas removed:     Removed',
      'webhooks added:      project.archived',
      'webhooks removed:    project.gone',
      'webhooks changed:    project.created',
      'sections added:      components.responses',
      'sections changed:    info',
    ]);
  });

  it('should tell reformatting and reordering apart from changed content', () => {
    const reordered = {
      info: served.info,
      openapi: served.openapi,
      components: served.components,
      webhooks: served.webhooks,
      paths: served.paths,
    };
    expect(describeDocumentDifferences(JSON.stringify(reordered), text(served))).toEqual([
      'same content, but formatting or key order differs',
    ]);
  });
});
