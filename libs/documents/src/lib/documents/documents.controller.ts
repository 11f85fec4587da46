import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, toPage } from '@keel/platform-database';
import { ApiProblem, DomainError, ParseIdPipe, RequestValidationPipe } from '@keel/platform-errors';
import { BlobStore } from '@keel/platform-storage';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { attachmentDisposition } from './content-disposition';
import { readDocumentForm } from './document-form';
import { DocumentsService } from './documents.service';
import { DocumentFieldsDto, UpdateDocumentDto } from './dto/document-fields';
import { DocumentQuery } from './dto/document-query.dto';
import {
  DocumentListResponse,
  DocumentResponse,
  ReprocessedResponse,
  UploadedDocumentResponse,
} from './dto/document.response';
import { ReprocessDocumentsDto } from './dto/reprocess.dto';
import { DOCUMENT_MEDIA_TYPES, sniffMediaType } from './media-types';

const validation = new RequestValidationPipe();

const DOCUMENT_EXAMPLE: DocumentResponse = {
  id: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2c01',
  title: 'Pricing 2027',
  fileName: 'pricing-2027.md',
  mediaType: 'text/markdown',
  sizeBytes: 18234,
  sha256: '5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef',
  tags: ['pricing', 'sales'],
  visibility: 'workspace',
  allowedRoles: [],
  status: 'indexed',
  attempts: 1,
  maxAttempts: 5,
  lastError: null,
  chunkCount: 14,
  pageCount: null,
  jobId: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2c02',
  stages: {
    queuedAt: '2026-12-07T10:00:00.000Z',
    processingAt: '2026-12-07T10:00:00.120Z',
    extractedAt: '2026-12-07T10:00:00.410Z',
    indexedAt: '2026-12-07T10:00:00.410Z',
    failedAt: null,
  },
  createdAt: '2026-12-07T10:00:00.000Z',
  updatedAt: '2026-12-07T10:00:00.410Z',
};

@ApiTags('documents')
@Controller('v1/workspaces/:workspaceId/documents')
export class DocumentsController {
  constructor(
    private readonly documents: DocumentsService,
    private readonly store: BlobStore,
  ) {}

  /**
   * Uploads a document as `multipart/form-data`: `file`, and optionally
   * `title`, `tags` and `allowedRoles` (repeated or comma-separated),
   * `visibility` (`workspace` or `restricted`). The file is streamed to the
   * blob store (SHA-256 computed on the way) and its type sniffed from its
   * bytes: text, Markdown, HTML, CSV, JSON, PDF, DOCX or XLSX, anything else
   * 415 UNSUPPORTED_DOCUMENT_TYPE; over DOCUMENT_MAX_BYTES 413, nothing kept.
   * 201 with the queued document; the same bytes already in the workspace:
   * 200 with that document and `duplicate: true`.
   */
  @RequirePermission('documents:write')
  @Post()
  @RouteConfig({ multipart: true })
  @ApiOperation({
    requestBody: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['file'],
            properties: {
              file: { type: 'string', format: 'binary', description: `One of ${DOCUMENT_MEDIA_TYPES.join(', ')}.` },
              title: { type: 'string', maxLength: 4096, example: 'Pricing 2027' },
              tags: {
                type: 'string',
                maxLength: 4096,
                example: 'pricing,sales',
                description: 'Comma-separated, or the field repeated.',
              },
              visibility: { type: 'string', enum: ['workspace', 'restricted'], example: 'workspace' },
              allowedRoles: {
                type: 'string',
                maxLength: 4096,
                example: 'finance',
                description: 'Role keys; comma-separated or repeated.',
              },
            },
          },
        },
      },
    },
  })
  @ApiCreatedResponse({
    type: UploadedDocumentResponse,
    example: { ...DOCUMENT_EXAMPLE, status: 'queued', duplicate: false },
  })
  @ApiOkResponse({
    type: UploadedDocumentResponse,
    description: 'The same bytes are already a document of the workspace: that document.',
  })
  @ApiProblem(
    'UNSUPPORTED_DOCUMENT_TYPE',
    'The file is image/png; a document is text, Markdown, HTML, CSV, JSON, PDF, DOCX or XLSX.',
  )
  @ApiProblem('PAYLOAD_TOO_LARGE', 'A document may be at most 52428800 bytes (DOCUMENT_MAX_BYTES).')
  @ApiProblem('DOCUMENT_EXISTS', 'The same bytes are already a document of this workspace.')
  async upload(
    @WorkspaceParam() workspaceId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UploadedDocumentResponse> {
    if (!request.isMultipart()) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Upload a document as multipart/form-data with a file field.');
    }
    const form = await readDocumentForm(request, this.store, `documents/${workspaceId}`, this.documents.maxBytes);
    const file = form.file;
    let keep = false;
    try {
      const fields = (await validation.transform(form.fields, {
        type: 'body',
        metatype: DocumentFieldsDto,
      })) as DocumentFieldsDto;
      if (!file) {
        throw new DomainError('VALIDATION_FAILED', 'The form has no file.', {
          errors: [{ field: 'file', rule: 'isDefined', message: 'file is required' }],
        });
      }
      const mediaType = await sniffMediaType(await this.store.get(file.blob.key), file.head, file.declaredType);
      if (!mediaType) {
        throw new DomainError(
          'UNSUPPORTED_DOCUMENT_TYPE',
          'A document is text, Markdown, HTML, CSV, JSON, PDF, DOCX or XLSX; these bytes are none of them.',
        );
      }
      const { document, duplicate } = await this.documents.create(workspaceId, {
        fields,
        blobKey: file.blob.key,
        sizeBytes: file.blob.sizeBytes,
        sha256: file.blob.sha256,
        mediaType,
        fileName: file.fileName,
      });
      keep = !duplicate;
      if (duplicate) reply.status(200);
      return { ...DocumentResponse.of(document), duplicate };
    } finally {
      if (file && !keep) await this.store.delete(file.blob.key).catch(() => undefined);
    }
  }

  /** The workspace's documents the caller may see, newest first; `status`, `tag` and `q` (in titles) narrow them. */
  @RequirePermission('documents:read')
  @Get()
  @ApiOkResponse({ type: DocumentListResponse, example: { data: [DOCUMENT_EXAMPLE], nextCursor: null } })
  async list(@WorkspaceParam() workspaceId: string, @Query() query: DocumentQuery): Promise<DocumentListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const documents = await this.documents.list(
      workspaceId,
      { status: query.status, tag: query.tag, q: query.q },
      limit,
      decodeIdCursor(query.cursor),
    );
    return toPage(documents, limit, DocumentResponse.of, (document) => [document.id]);
  }

  /**
   * Queues again the `failed` (or `dead`) documents the caller sees, or those
   * of them in `ids`, each in a new round of attempts: how many were queued.
   */
  @RequirePermission('documents:write')
  @Post('reprocess')
  @HttpCode(200)
  @ApiOkResponse({ type: ReprocessedResponse, example: { queued: 3 } })
  async reprocessAll(
    @WorkspaceParam() workspaceId: string,
    @Body() body: ReprocessDocumentsDto,
  ): Promise<ReprocessedResponse> {
    return { queued: await this.documents.reprocessAll(workspaceId, body.status, body.ids) };
  }

  /** One document: its status, attempts, last error and the times of its stages. */
  @RequirePermission('documents:read')
  @Get(':documentId')
  @ApiOkResponse({ type: DocumentResponse, example: DOCUMENT_EXAMPLE })
  async get(
    @WorkspaceParam() workspaceId: string,
    @Param('documentId', ParseIdPipe) documentId: string,
  ): Promise<DocumentResponse> {
    return DocumentResponse.of(await this.documents.get(workspaceId, documentId));
  }

  /** The original bytes, with the sniffed media type, as an attachment named after the uploaded file. */
  @RequirePermission('documents:read')
  @Get(':documentId/content')
  @ApiProduces(...DOCUMENT_MEDIA_TYPES)
  @ApiOkResponse({ description: 'The bytes as uploaded.', schema: { type: 'string', format: 'binary' } })
  async content(
    @WorkspaceParam() workspaceId: string,
    @Param('documentId', ParseIdPipe) documentId: string,
  ): Promise<StreamableFile> {
    const { document, stream } = await this.documents.content(workspaceId, documentId);
    return new StreamableFile(stream, {
      type: document.mediaType,
      length: Number(document.sizeBytes),
      disposition: attachmentDisposition(document.fileName ?? document.title),
    });
  }

  /** Changes the title, tags, visibility or allowed roles; the chunks follow in the same transaction. */
  @RequirePermission('documents:write')
  @Patch(':documentId')
  @ApiOkResponse({ type: DocumentResponse, example: DOCUMENT_EXAMPLE })
  async update(
    @WorkspaceParam() workspaceId: string,
    @Param('documentId', ParseIdPipe) documentId: string,
    @Body() body: UpdateDocumentDto,
  ): Promise<DocumentResponse> {
    return DocumentResponse.of(await this.documents.update(workspaceId, documentId, body));
  }

  /** Deletes the document, its chunks and its stored bytes; a second delete is 404. */
  @RequirePermission('documents:write')
  @Delete(':documentId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted.' })
  async delete(
    @WorkspaceParam() workspaceId: string,
    @Param('documentId', ParseIdPipe) documentId: string,
  ): Promise<void> {
    await this.documents.delete(workspaceId, documentId);
  }

  /** Queues the document again in a new round of attempts; 409 DOCUMENT_PROCESSING while it is queued or processing. */
  @RequirePermission('documents:write')
  @Post(':documentId/reprocess')
  @HttpCode(200)
  @ApiOkResponse({ type: DocumentResponse, example: { ...DOCUMENT_EXAMPLE, status: 'queued' } })
  @ApiProblem('DOCUMENT_PROCESSING', 'The document is processing already; reprocess it once it ends.')
  async reprocess(
    @WorkspaceParam() workspaceId: string,
    @Param('documentId', ParseIdPipe) documentId: string,
  ): Promise<DocumentResponse> {
    return DocumentResponse.of(await this.documents.reprocess(workspaceId, documentId));
  }
}
