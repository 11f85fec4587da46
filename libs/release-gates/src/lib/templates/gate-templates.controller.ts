import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@keel/platform-context';
import { GATE_TEMPLATES } from './gate-templates';
import { GateTemplateListResponse } from './gate-template.response';

@ApiTags('release-gates')
@Controller('v1/gate-templates')
export class GateTemplatesController {
  /**
   * The built-in gates S00–S11 (the sprint gates of a SaaS build-out), each
   * with its criteria. Public: they are the same for everyone and hold
   * nothing of any workspace, so a CI script may read them before it has a key.
   */
  @Public()
  @Get()
  @Header('cache-control', 'public, max-age=3600')
  @ApiOkResponse({ type: GateTemplateListResponse, example: { data: GATE_TEMPLATES.slice(1, 2) } })
  list(): GateTemplateListResponse {
    return { data: [...GATE_TEMPLATES] };
  }
}
