import { Controller, Get, Param, Post, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import {
  ApiProblem,
  DomainError,
  ParseIdPipe,
  RequestValidationPipe,
  TIMESTAMP_MAX_LENGTH,
} from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { EvidenceListResponse, EvidenceItemResponse } from './dto/evidence-item.response';
import { EvidenceFieldsDto, UploadEvidenceJsonDto } from './dto/upload-evidence.dto';
import { readEvidenceForm } from './evidence-form';
import { EvidenceService } from './evidence.service';

const validation = new RequestValidationPipe();

const ITEM_EXAMPLE: EvidenceItemResponse = {
  id: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b11',
  releaseId: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b01',
  type: 'junit',
  platform: 'linux/amd64',
  source: 'https://ci.example.com/keel/runs/4812',
  collectedAt: '2026-12-07T09:58:00.000Z',
  sha256: '5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef',
  sizeBytes: 18234,
  facts: { tests: 412, failures: 0, errors: 0, skipped: 3, passRate: 1, durationSeconds: 81.4, failingTests: [] },
  previousHash: null,
  chainHash: '9a0c3e5d1f7b2a4c6e8d0f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c',
  uploadedBy: { type: 'api-key', id: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a90' },
  createdAt: '2026-12-07T10:00:03.000Z',
};

@ApiTags('release-gates')
@ApiExtraModels(UploadEvidenceJsonDto)
@Controller('v1/workspaces/:workspaceId/releases/:releaseId/evidence')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  /**
   * Adds evidence to the release: a file as `multipart/form-data` (fields
   * `type`, `file`, and optionally `source`, `platform`, `collectedAt`), or
   * JSON `{type, data, …}` for the JSON kinds. The file is parsed as its
   * type into `facts`, stored with its SHA-256, size and bytes, and chained
   * to the release's previous item. 413 over EVIDENCE_MAX_BYTES; 422
   * EVIDENCE_UNPARSEABLE with the parser's reason (and line) when it does not
   * parse; 422 EVIDENCE_SUBJECT_MISMATCH for an attestation about none of the
   * release's artifacts.
   */
  @RequirePermission('evidence:write')
  @Post()
  @RouteConfig({ multipart: true })
  @ApiOperation({
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: { $ref: getSchemaPath(UploadEvidenceJsonDto) },
          examples: {
            bench: {
              summary: 'Benchmark results',
              value: {
                type: 'bench',
                data: { metrics: { transition_p95_ms: 182 } },
                source: 'https://ci.example.com/keel/runs/4812',
              },
            },
            custom: {
              summary: 'A probe fact',
              value: { type: 'custom', data: { crossTenantReads: 0 }, source: 'https://ci.example.com/keel/runs/4812' },
            },
          },
        },
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['type', 'file'],
            properties: {
              type: {
                type: 'string',
                enum: ['junit', 'coverage', 'sarif', 'bench', 'load-test', 'approval', 'attestation', 'custom'],
                example: 'junit',
              },
              file: {
                type: 'string',
                format: 'binary',
                description: 'The report: JUnit XML, lcov or Cobertura, SARIF, or JSON.',
              },
              source: { type: 'string', maxLength: 4096, example: 'https://ci.example.com/keel/runs/4812' },
              platform: { type: 'string', maxLength: 100, example: 'linux/amd64' },
              collectedAt: {
                type: 'string',
                format: 'date-time',
                maxLength: TIMESTAMP_MAX_LENGTH,
                example: '2026-12-07T09:58:00Z',
              },
            },
          },
        },
      },
    },
  })
  @ApiCreatedResponse({ type: EvidenceItemResponse, example: ITEM_EXAMPLE })
  @ApiProblem(
    'EVIDENCE_UNPARSEABLE',
    'The file does not parse as junit: no <testsuite> or <testsuites> element (line 1).',
    {
      reason: 'no <testsuite> or <testsuites> element',
      line: 1,
    },
  )
  @ApiProblem('PAYLOAD_TOO_LARGE', 'An evidence file may be at most 20971520 bytes (EVIDENCE_MAX_BYTES).')
  async upload(
    @WorkspaceParam() workspaceId: string,
    @Param('releaseId', ParseIdPipe) releaseId: string,
    @Req() request: FastifyRequest,
  ): Promise<EvidenceItemResponse> {
    if (request.isMultipart()) {
      const form = await readEvidenceForm(request, this.evidence.maxBytes);
      const fields = (await validation.transform(form.fields, {
        type: 'body',
        metatype: EvidenceFieldsDto,
      })) as EvidenceFieldsDto;
      if (!form.file) {
        throw new DomainError('VALIDATION_FAILED', 'The form has no file.', {
          errors: [{ field: 'file', rule: 'isDefined', message: 'file is required' }],
        });
      }
      return EvidenceItemResponse.of(await this.evidence.upload(workspaceId, releaseId, fields, form.file));
    }
    const body = (await validation.transform(request.body, {
      type: 'body',
      metatype: UploadEvidenceJsonDto,
    })) as UploadEvidenceJsonDto;
    const { data, ...fields } = body;
    const bytes = Buffer.from(JSON.stringify(data));
    return EvidenceItemResponse.of(await this.evidence.upload(workspaceId, releaseId, fields, bytes));
  }

  /** Every evidence item of the release, oldest first, and whether its hash chain verifies (bytes re-hashed). */
  @RequirePermission('gates:read')
  @Get()
  @ApiOkResponse({
    type: EvidenceListResponse,
    example: {
      data: [ITEM_EXAMPLE],
      chain: { verified: true, length: 1, head: ITEM_EXAMPLE.chainHash, brokenAt: null, reason: null },
    },
  })
  async list(
    @WorkspaceParam() workspaceId: string,
    @Param('releaseId', ParseIdPipe) releaseId: string,
  ): Promise<EvidenceListResponse> {
    const { items, chain } = await this.evidence.list(workspaceId, releaseId);
    return { data: items.map(EvidenceItemResponse.of), chain };
  }
}
