import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { DomainError } from './domain-error';
import { jsonPathOf } from './json-path';
import { presenceErrors } from './presence-rule';
import { requestBodyTransformer } from './taken-as-sent.decorator';
import { validationExceptionFactory } from './validation-exception.factory';

/**
 * The ValidationPipe every route runs (whitelist, forbid unknown fields,
 * transform, 422 VALIDATION_FAILED), with the one presence rule for every
 * DTO (presence-rule.ts: required unless optional, never null unless
 * nullable). For a request body it also gives each field error its JSON
 * path, as the domain validators do, so a client can point at the offending
 * value the same way whichever layer refused it. Query and path parameters
 * have no JSON document, hence no path.
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformerPackage: requestBodyTransformer,
      exceptionFactory: validationExceptionFactory,
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (metadata.type === 'body' && error instanceof DomainError && error.code === 'VALIDATION_FAILED') {
        for (const fieldError of error.options.errors ?? []) fieldError.path ??= jsonPathOf(fieldError.field);
      }
      throw error;
    }
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    // Presence first: a missing or null field is reported as that, ahead of its other rules.
    return [...presenceErrors(object), ...(await super.validate(object, options))];
  }
}
