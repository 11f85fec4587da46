import { asOpenApi31Schemas } from './openapi-nullable';

describe('asOpenApi31Schemas', () => {
  it('should make a nullable scalar a type union with null, keeping its example', () => {
    const schema = { type: 'string', nullable: true, example: 'eyJ…' };
    asOpenApi31Schemas(schema);
    expect(schema).toEqual({ type: ['string', 'null'], example: 'eyJ…' });
  });

  it('should give a nullable value without an example null as its example', () => {
    const document = {
      components: { schemas: { Page: { properties: { nextCursor: { type: 'string', nullable: true } } } } },
    };
    asOpenApi31Schemas(document);
    expect(document.components.schemas.Page.properties.nextCursor).toEqual({ type: ['string', 'null'], example: null });
  });

  it('should admit null among the values of a nullable enum', () => {
    const schema = { type: 'string', enum: ['a', 'b'], nullable: true };
    asOpenApi31Schemas(schema);
    expect(schema).toEqual({ type: ['string', 'null'], enum: ['a', 'b', null], example: null });
  });

  it('should make a nullable reference "that schema or null"', () => {
    const schema = {
      description: 'Who acted',
      nullable: true,
      type: 'object',
      allOf: [{ $ref: '#/components/schemas/Actor' }],
    };
    asOpenApi31Schemas(schema);
    expect(schema).toEqual({
      description: 'Who acted',
      example: null,
      anyOf: [{ $ref: '#/components/schemas/Actor' }, { type: 'null' }],
    });
  });

  it('should leave schemas that are not nullable as they are', () => {
    const schema = { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } };
    asOpenApi31Schemas(schema);
    expect(schema).toEqual({ type: 'object', properties: { id: { type: 'string', format: 'uuid' } } });
  });
});
