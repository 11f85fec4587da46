import { ArrayMaxSize, IsArray, IsObject, IsString } from 'class-validator';
import { DomainError } from './domain-error';
import { RequestValidationPipe } from './request-validation.pipe';
import { TakenAsSent } from './taken-as-sent.decorator';

class BatchDto {
  @IsString()
  source: string;

  @IsArray()
  @ArrayMaxSize(2)
  @IsObject({ each: true })
  @TakenAsSent()
  items: Record<string, unknown>[];
}

class ExtendedBatchDto extends BatchDto {
  @IsString()
  note: string;
}

const pipe = new RequestValidationPipe();
const asBody = (metatype: unknown) => ({ type: 'body' as const, metatype: metatype as never, data: '' });

async function refusal(value: unknown, metatype: unknown): Promise<DomainError> {
  try {
    await pipe.transform(value, asBody(metatype));
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the body was accepted');
}

describe('TakenAsSent', () => {
  it('should keep the marked array as the client sent it, on an instance of the DTO', async () => {
    const items = [{ id: 'a', nested: { deep: [1, 2] } }, { id: 'b' }];
    const body = await pipe.transform({ source: 'meter', items }, asBody(BatchDto));
    expect(body).toBeInstanceOf(BatchDto);
    expect((body as BatchDto).items).toBe(items);
    expect((body as BatchDto).source).toBe('meter');
  });

  it("should still apply the marked property's own rules, at its JSON path", async () => {
    const tooMany = await refusal({ source: 'meter', items: [{}, {}, {}] }, BatchDto);
    expect(tooMany.code).toBe('VALIDATION_FAILED');
    expect(tooMany.options.errors?.map((error) => error.path)).toEqual(['$.items']);
    const notObjects = await refusal({ source: 'meter', items: ['x'] }, BatchDto);
    expect(notObjects.options.errors?.map((error) => error.path)).toEqual(['$.items']);
  });

  it('should still refuse unknown fields beside it, and apply to subclasses', async () => {
    const unknown = await refusal({ source: 'meter', items: [], extra: 1 }, BatchDto);
    expect(unknown.options.errors?.map((error) => error.path)).toEqual(['$.extra']);
    const items = [{ id: 'a' }];
    const body = await pipe.transform({ source: 'meter', note: 'n', items }, asBody(ExtendedBatchDto));
    expect((body as ExtendedBatchDto).items).toBe(items);
  });

  it('should still strip prototype keys inside the kept value', async () => {
    const item = JSON.parse('{"id":"a","__proto__":{"polluted":true}}') as Record<string, unknown>;
    const body = (await pipe.transform({ source: 'meter', items: [item] }, asBody(BatchDto))) as BatchDto;
    expect(Object.prototype.hasOwnProperty.call(body.items[0], '__proto__')).toBe(false);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
