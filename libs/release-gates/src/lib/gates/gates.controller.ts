import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, PageQuery, toPage } from '@keel/platform-database';
import { ApiProblem, ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { CreateGateDto, UpdateGateDto } from './dto/gate.dto';
import { GateListResponse, GateResponse } from './dto/gate.response';
import { GatesService } from './gates.service';

const GATE_EXAMPLE: GateResponse = {
  id: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b21',
  key: 'ci-cd',
  name: 'CI/CD',
  description: 'Every change is built and tested.',
  fromTemplate: 'S01',
  requiredFor: ['production'],
  allowWarn: false,
  version: 1,
  contentHash: 'sha256:1c5e2f0a7b3d9e4c6a8f0b2d4e6a8c0e2f4a6b8d0c2e4f6a8b0d2e4f6a8c0e2f',
  criteria: [
    {
      key: 'tests-failures',
      title: 'No failing tests',
      evidenceType: 'junit',
      fact: 'failures',
      operator: '==',
      pass: 0,
      weight: 2,
      required: true,
    },
    {
      key: 'line-coverage',
      title: 'Line coverage at least 80 %',
      evidenceType: 'coverage',
      fact: 'lines',
      operator: '>=',
      pass: 80,
      warn: 70,
      weight: 1,
      required: true,
    },
  ],
  createdAt: '2026-12-07T10:00:00.000Z',
  updatedAt: '2026-12-07T10:00:00.000Z',
};

const GATE_INVALID_EXAMPLE = {
  errors: [
    {
      field: 'criteria.0.evidenceType',
      path: '$.criteria[0].evidenceType',
      rule: 'evidenceType',
      message:
        '"junitt" is not an evidence type (junit, coverage, sarif, bench, load-test, approval, attestation, custom)',
    },
    {
      field: 'criteria.1.operator',
      path: '$.criteria[1].operator',
      rule: 'operator',
      message: '"=>" is not an operator (< <= > >= == !=)',
    },
  ],
};

@ApiTags('release-gates')
@Controller('v1/workspaces/:workspaceId/gates')
export class GatesController {
  constructor(private readonly gates: GatesService) {}

  /**
   * Creates a gate at version 1. With `fromTemplate` and no criteria, it
   * starts from the template's. 422 GATE_INVALID lists an unknown evidence
   * type or operator, a bad fact path or threshold, each at its JSON path.
   */
  @RequirePermission('gates:write')
  @Post()
  @ApiCreatedResponse({ type: GateResponse, example: GATE_EXAMPLE })
  @ApiProblem('GATE_INVALID', 'The gate has 2 problem(s); see errors.', GATE_INVALID_EXAMPLE)
  @ApiProblem('GATE_KEY_TAKEN', 'Another gate of this workspace has the key "ci-cd".')
  async create(@WorkspaceParam() workspaceId: string, @Body() body: CreateGateDto): Promise<GateResponse> {
    const { gate, version } = await this.gates.create(workspaceId, body);
    return GateResponse.of(gate, version);
  }

  /** The workspace's gates, newest first, each at its current version. */
  @RequirePermission('gates:read')
  @Get()
  @ApiOkResponse({ type: GateListResponse, example: { data: [GATE_EXAMPLE], nextCursor: null } })
  async list(@WorkspaceParam() workspaceId: string, @Query() query: PageQuery): Promise<GateListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const gates = await this.gates.list(workspaceId, limit, decodeIdCursor(query.cursor));
    return toPage(
      gates,
      limit,
      ({ gate, version }) => GateResponse.of(gate, version),
      ({ gate }) => [gate.id],
    );
  }

  /** One gate at its current version. */
  @RequirePermission('gates:read')
  @Get(':gateId')
  @ApiOkResponse({ type: GateResponse, example: GATE_EXAMPLE })
  async get(
    @WorkspaceParam() workspaceId: string,
    @Param('gateId', ParseIdPipe) gateId: string,
  ): Promise<GateResponse> {
    const { gate, version } = await this.gates.get(workspaceId, gateId);
    return GateResponse.of(gate, version);
  }

  /** Changes a gate; new criteria (a different content hash) make a new immutable version. */
  @RequirePermission('gates:write')
  @Patch(':gateId')
  @ApiOkResponse({ type: GateResponse, example: { ...GATE_EXAMPLE, version: 2 } })
  @ApiProblem('GATE_INVALID', 'The gate has 2 problem(s); see errors.', GATE_INVALID_EXAMPLE)
  async update(
    @WorkspaceParam() workspaceId: string,
    @Param('gateId', ParseIdPipe) gateId: string,
    @Body() body: UpdateGateDto,
  ): Promise<GateResponse> {
    const { gate, version } = await this.gates.update(workspaceId, gateId, body);
    return GateResponse.of(gate, version);
  }

  /** Deletes a gate: it no longer lists or counts for promotions; the evaluations that read it keep naming it. */
  @RequirePermission('gates:write')
  @Delete(':gateId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted.' })
  async delete(@WorkspaceParam() workspaceId: string, @Param('gateId', ParseIdPipe) gateId: string): Promise<void> {
    await this.gates.delete(workspaceId, gateId);
  }
}
