import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, PageQuery, toPage } from '@keel/platform-database';
import { ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { CommentsService } from './comments.service';
import { CommentDto } from './dto/comment.dto';
import { CommentListResponse, CommentResponse } from './dto/comment.response';

@ApiTags('comments')
@Controller('v1/workspaces/:workspaceId')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  /** Comments on the project (Markdown, up to 10,000 characters). */
  @RequirePermission('comments:write')
  @Post('projects/:projectId/comments')
  async create(
    @WorkspaceParam() workspaceId: string,
    @Param('projectId', ParseIdPipe) projectId: string,
    @Body() body: CommentDto,
  ): Promise<CommentResponse> {
    return CommentResponse.of(await this.comments.create(workspaceId, projectId, body.body));
  }

  /** The project's comments, oldest first. */
  @RequirePermission('projects:read')
  @Get('projects/:projectId/comments')
  async list(
    @WorkspaceParam() workspaceId: string,
    @Param('projectId', ParseIdPipe) projectId: string,
    @Query() query: PageQuery,
  ): Promise<CommentListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const comments = await this.comments.list(workspaceId, projectId, limit, decodeIdCursor(query.cursor));
    return toPage(comments, limit, CommentResponse.of, (comment) => [comment.id]);
  }

  /** Replaces a comment's text; its author only (403 COMMENT_NOT_AUTHOR). */
  @RequirePermission('comments:write')
  @Patch('comments/:commentId')
  async update(
    @WorkspaceParam() workspaceId: string,
    @Param('commentId', ParseIdPipe) commentId: string,
    @Body() body: CommentDto,
  ): Promise<CommentResponse> {
    return CommentResponse.of(await this.comments.update(workspaceId, commentId, body.body));
  }

  /** Deletes a comment: its author, or a holder of `comments:moderate` (owners and admins). */
  @RequirePermission('comments:write')
  @Delete('comments/:commentId')
  @HttpCode(204)
  async delete(
    @WorkspaceParam() workspaceId: string,
    @Param('commentId', ParseIdPipe) commentId: string,
  ): Promise<void> {
    await this.comments.delete(workspaceId, commentId);
  }
}
