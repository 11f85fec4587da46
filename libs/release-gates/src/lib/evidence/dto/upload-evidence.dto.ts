import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsTimestamp } from '@keel/platform-errors';
import { EVIDENCE_TYPES, EvidenceType } from '../parsers';

/** The fields of an upload besides its content: the form fields of the multipart form, or the JSON form's. */
export class EvidenceFieldsDto {
  /** `junit`, `coverage`, `sarif`, `bench`, `load-test`, `approval`, `attestation` or `custom`. @example "bench" */
  @IsIn(EVIDENCE_TYPES)
  type: EvidenceType;

  /** Where it came from: the CI run's URL. @example "https://ci.example.com/keel/runs/4812" */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  source?: string;

  /** The artifact platform it is about, when it is about one. @example "linux/amd64" */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)?$/, {
    message: 'platform must look like os/arch, e.g. linux/amd64',
  })
  @MaxLength(100)
  platform?: string;

  /** When CI collected it; the upload time when left out. Criteria with maxAgeHours measure from it. @example "2026-12-07T09:58:00Z" */
  @IsOptional()
  @IsTimestamp()
  collectedAt?: string;
}

/** Evidence as JSON: for the JSON kinds (bench, load-test, approval, attestation, custom). */
export class UploadEvidenceJsonDto extends EvidenceFieldsDto {
  /** The evidence itself, as its type reads it. @example {"metrics":{"transition_p95_ms":182,"search_p95_ms":240}} */
  @IsObject()
  data: Record<string, unknown>;
}
