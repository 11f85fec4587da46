import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { RetrieveDto, SearchQuery } from './dto/search.dto';
import { RetrieveResponse, SearchResponse } from './dto/search.response';
import { SearchService } from './search.service';

@ApiTags('documents')
@Controller('v1/workspaces/:workspaceId')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  /**
   * Ranked chunks of the documents the caller may see. `q` takes words,
   * "quoted phrases", `-excluded` words and `or` (websearch_to_tsquery);
   * `tags` and `mediaType` narrow by document.
   */
  @RequirePermission('documents:read')
  @Get('search')
  @ApiOkResponse({
    type: SearchResponse,
    example: {
      mode: 'lexical',
      data: [
        {
          documentId: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2c01',
          chunkId: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2c11',
          title: 'Pricing 2027',
          headingPath: ['Pricing', 'Enterprise'],
          page: null,
          snippet: 'The <mark>Enterprise</mark> plan costs 40 EUR per seat and month',
          score: 0.42,
        },
      ],
    },
  })
  async find(@WorkspaceParam() workspaceId: string, @Query() query: SearchQuery): Promise<SearchResponse> {
    const { mode, hits } = await this.search.search(
      workspaceId,
      query.q,
      { tags: query.tags, mediaTypes: query.mediaType },
      query.limit ?? 10,
    );
    return {
      mode,
      data: hits.map(({ documentId, chunkId, title, headingPath, page, snippet, score }) => ({
        documentId,
        chunkId,
        title,
        headingPath,
        page,
        snippet,
        score,
      })),
    };
  }

  /**
   * The best `k` chunks for `query` (at most 50, default 8), whole, each with
   * its citation (document, title, page, heading path): for the AI tools and
   * for clients doing their own generation. The same permissions as search.
   */
  @RequirePermission('documents:read')
  @Post('retrieve')
  @HttpCode(200)
  @ApiOkResponse({ type: RetrieveResponse })
  async retrieve(@WorkspaceParam() workspaceId: string, @Body() body: RetrieveDto): Promise<RetrieveResponse> {
    const { mode, hits } = await this.search.search(workspaceId, body.query, { tags: body.tags }, body.k ?? 8, 'any');
    return {
      mode,
      data: hits.map((hit) => ({
        documentId: hit.documentId,
        chunkId: hit.chunkId,
        title: hit.title,
        headingPath: hit.headingPath,
        page: hit.page,
        content: hit.content,
        score: hit.score,
        citation: {
          documentId: hit.documentId,
          title: hit.title,
          page: hit.page,
          headingPath: hit.headingPath,
          chunkId: hit.chunkId,
        },
      })),
    };
  }
}
