import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ActorContext } from '@keel/identity';
import { ApiProblem, ParseIdPipe } from '@keel/platform-errors';
import { BlobStore } from '@keel/platform-storage';
import { AdminConfig } from '../admin-config';
import { AdminRoute } from '../platform-admins/admin-route.decorator';
import { BundleImports } from './bundle-imports.service';
import { isTrue, readBundleUpload } from './bundle-upload';
import { PlatformImportResponse } from './dto/platform-import.response';

@ApiTags('admin')
@Controller('v1/admin/imports')
export class AdminImportsController {
  constructor(
    private readonly imports: BundleImports,
    private readonly store: BlobStore,
    private readonly config: AdminConfig,
    private readonly actors: ActorContext,
  ) {}

  /**
   * Imports a workspace bundle (multipart/form-data: `file`, and `force`)
   * into a NEW workspace: 202 with the import, done by a job run of that
   * workspace. Every id is remapped; members are matched by email (the
   * others invited); webhook endpoints get fresh secrets. The bundle is
   * checked first: not a bundle, a manifest SHA-256 that does not match, an
   * unknown format or version is 422 BUNDLE_INVALID; a bundle imported
   * before (by its SHA-256) is 409 BUNDLE_ALREADY_IMPORTED unless `force`
   * is `true` (form field or query). Older format versions are upgraded.
   * Platform admins only.
   */
  @Post()
  @HttpCode(202)
  @RouteConfig({ multipart: true })
  @AdminRoute('imports.create')
  @ApiOperation({
    requestBody: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['file'],
            properties: {
              file: { type: 'string', format: 'binary', description: 'The bundle (a .tar.gz from an export).' },
              force: { type: 'string', enum: ['true', 'false'], description: 'Import a bundle imported before again.' },
            },
          },
        },
      },
    },
  })
  @ApiQuery({ name: 'force', required: false, enum: ['true', 'false'] })
  @ApiAcceptedResponse({ type: PlatformImportResponse })
  @ApiProblem('BUNDLE_INVALID', 'tables/projects.jsonl does not have the SHA-256 its manifest states.')
  @ApiProblem('BUNDLE_ALREADY_IMPORTED', 'This bundle (the same SHA-256) was imported already.')
  @ApiProblem('PAYLOAD_TOO_LARGE', 'A bundle may be at most 1073741824 bytes (BUNDLE_MAX_BYTES).')
  async create(@Req() request: FastifyRequest, @Query('force') force?: string): Promise<PlatformImportResponse> {
    const upload = await readBundleUpload(request, this.store, this.config.BUNDLE_MAX_BYTES);
    const row = await this.imports.start(upload.blob, upload.force || isTrue(force), this.actors.user.userId);
    return PlatformImportResponse.of(row);
  }

  /** An import: its status, its new workspace, what it wrote and whom it invited. Platform admins only. */
  @Get(':importId')
  @AdminRoute('imports.get')
  @ApiOkResponse({ type: PlatformImportResponse })
  async get(@Param('importId', ParseIdPipe) importId: string): Promise<PlatformImportResponse> {
    return PlatformImportResponse.of(await this.imports.get(importId));
  }
}
