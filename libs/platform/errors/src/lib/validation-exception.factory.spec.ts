import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import { Type } from 'class-transformer';
import { Allow, IsEmail, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { Nullable } from './nullable.decorator';
import { DomainError } from './domain-error';
import { FieldError } from './problem';
import { validationExceptionFactory } from './validation-exception.factory';
import { RequestValidationPipe } from './request-validation.pipe';

class InviteeDto {
  @IsEmail()
  email: string;

  @IsIn(['admin', 'member'])
  role: string;
}

class AddressDto {
  @IsString()
  @MaxLength(40)
  city: string;
}

class CreateWorkspaceDto {
  @IsString()
  @MaxLength(20)
  name: string;

  @IsInt()
  @Min(1)
  seats: number;

  @ValidateNested()
  @Type(() => AddressDto)
  address: AddressDto;

  @ValidateNested({ each: true })
  @Type(() => InviteeDto)
  invitees: InviteeDto[];
}

class OptionalFieldsDto {
  @IsOptional()
  @IsString()
  @MaxLength(10)
  label?: string;

  @IsOptional()
  @Nullable()
  @IsString()
  note?: string | null;

  @IsInt()
  size: number;

  // Any value, none included: a later check judges it.
  @Allow()
  anything?: unknown;
}

// The factory in a plain ValidationPipe; RequestValidationPipe (below) is what the HTTP application installs.
const pipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: validationExceptionFactory,
});

async function refusal(body: unknown): Promise<DomainError> {
  const outcome = await pipe.transform(body, { type: 'body', metatype: CreateWorkspaceDto }).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(outcome)}`);
  return outcome;
}

function fields(error: DomainError): string[] {
  return (error.options.errors ?? []).map((fieldError) => fieldError.field);
}

const valid = {
  name: 'Acme',
  seats: 5,
  address: { city: 'Lyon' },
  invitees: [{ email: 'ada@example.com', role: 'admin' }],
};

describe('validationExceptionFactory', () => {
  it('should let a valid body through', async () => {
    await expect(pipe.transform(valid, { type: 'body', metatype: CreateWorkspaceDto })).resolves.toBeInstanceOf(
      CreateWorkspaceDto,
    );
  });

  it('should answer 422 VALIDATION_FAILED', async () => {
    const error = await refusal({ ...valid, seats: 0 });

    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.status).toBe(422);
    expect(error.detail).toBe('1 field failed validation: seats.');
  });

  it('should give each field one error, its type before its size', async () => {
    const error = await refusal({ ...valid, name: 42, seats: 'many' });

    expect(error.options.errors).toEqual<FieldError[]>([
      { field: 'name', rule: 'isString', message: 'name must be a string' },
      { field: 'seats', rule: 'isInt', message: 'seats must be an integer number' },
    ]);
    expect(error.detail).toBe('2 fields failed validation: name, seats.');
  });

  it('should name a nested field by its dotted path', async () => {
    const error = await refusal({ ...valid, address: { city: 'x'.repeat(41) } });

    expect(error.options.errors).toEqual([
      { field: 'address.city', rule: 'maxLength', message: 'city must be shorter than or equal to 40 characters' },
    ]);
  });

  it('should name a field inside an array by its index', async () => {
    const error = await refusal({
      ...valid,
      invitees: [
        { email: 'ada@example.com', role: 'admin' },
        { email: 'not-an-email', role: 'owner' },
      ],
    });

    expect(fields(error).sort()).toEqual(['invitees.1.email', 'invitees.1.role']);
    expect(error.detail).toBe('2 fields failed validation: invitees.1.email, invitees.1.role.');
  });

  it('should say a field the client sent is not accepted, at any depth', async () => {
    const error = await refusal({
      ...valid,
      workspaceId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      address: { city: 'Lyon', planet: 'Earth' },
    });

    expect(error.options.errors).toEqual(
      expect.arrayContaining<FieldError>([
        { field: 'workspaceId', rule: 'whitelistValidation', message: 'workspaceId is not an accepted field' },
        { field: 'address.planet', rule: 'whitelistValidation', message: 'address.planet is not an accepted field' },
      ]),
    );
    expect(fields(error)).toHaveLength(2);
  });
});

describe('RequestValidationPipe', () => {
  const requestPipe = new RequestValidationPipe();

  async function refusalOf(value: unknown, type: 'body' | 'query'): Promise<DomainError> {
    const outcome = await requestPipe.transform(value, { type, metatype: CreateWorkspaceDto }).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (!(outcome instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(outcome)}`);
    return outcome;
  }

  it('should give each field error of a body its JSON path', async () => {
    const error = await refusalOf(
      {
        ...valid,
        seats: 0,
        invitees: [valid.invitees[0], { email: 'not-an-email', role: 'admin', 'odd key': 1 }],
      },
      'body',
    );

    expect(error.options.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'seats', path: '$.seats' }),
        expect.objectContaining({ field: 'invitees.1.email', path: '$.invitees[1].email' }),
        expect.objectContaining({ field: 'invitees.1.odd key', path: "$.invitees[1]['odd key']" }),
      ]),
    );
  });

  it('should say "is required", and only that, for each missing field, nested ones included', async () => {
    const error = await refusalOf({ seats: 2, invitees: [{ role: 'admin' }] }, 'body');

    expect(error.options.errors).toEqual([
      { field: 'name', path: '$.name', rule: 'isDefined', message: 'name is required' },
      { field: 'address', path: '$.address', rule: 'isDefined', message: 'address is required' },
      {
        field: 'invitees.0.email',
        path: '$.invitees[0].email',
        rule: 'isDefined',
        message: 'invitees.0.email is required',
      },
    ]);
    expect(error.detail).toBe('3 fields failed validation: name, address, invitees.0.email.');
  });

  it('should refuse null for a field, required or optional, unless it is nullable', async () => {
    const error = await requestPipe
      .transform({ label: null, note: null, size: null }, { type: 'body', metatype: OptionalFieldsDto })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).options.errors).toEqual([
      { field: 'label', path: '$.label', rule: 'isNotNull', message: 'label must not be null' },
      { field: 'size', path: '$.size', rule: 'isNotNull', message: 'size must not be null' },
    ]);
  });

  it('should accept null for a nullable field, and leaving out every optional one', async () => {
    await expect(
      requestPipe.transform({ note: null, size: 1, anything: null }, { type: 'body', metatype: OptionalFieldsDto }),
    ).resolves.toMatchObject({ note: null, size: 1, anything: null });
    await expect(requestPipe.transform({ size: 1 }, { type: 'body', metatype: OptionalFieldsDto })).resolves.toEqual({
      size: 1,
    });
  });

  it('should refuse a null body for a DTO with a required nested object', async () => {
    const error = await refusalOf(null, 'body');

    expect(fields(error)).toEqual(['name', 'seats', 'address', 'invitees']);
  });

  it('should give no JSON path to a query parameter, which is not in a JSON document', async () => {
    const error = await refusalOf({ ...valid, seats: 0 }, 'query');

    expect(error.options.errors).toEqual([expect.not.objectContaining({ path: expect.anything() })]);
  });
});
