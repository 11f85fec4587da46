import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, decodeIdCursor, PageQuery, toPage } from '@keel/platform-database';
import { ParseIdPipe } from '@keel/platform-errors';
import { RequirePermission, WorkspaceParam } from '@keel/tenancy';
import { InvoiceListResponse, InvoiceResponse } from './dto/invoice.response';
import { InvoicesService } from './invoices.service';

@ApiTags('billing')
@Controller('v1/workspaces/:workspaceId/invoices')
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  /** The workspace's invoices, newest first, each with its lines (integer minor units). */
  @RequirePermission('billing:read')
  @Get()
  async list(@WorkspaceParam() workspaceId: string, @Query() query: PageQuery): Promise<InvoiceListResponse> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.invoices.list(workspaceId, limit, decodeIdCursor(query.cursor));
    return toPage(
      rows,
      limit,
      (row) => InvoiceResponse.of(row.invoice, row.lines),
      (row) => [row.invoice.id],
    );
  }

  /**
   * The preview of the invoice that closes the current period: the next
   * period's plan price, this period's prorations and metered overage so far
   * (`id` null, `status` draft). Nothing is written.
   */
  @RequirePermission('billing:read')
  @Get('upcoming')
  upcoming(@WorkspaceParam() workspaceId: string): Promise<InvoiceResponse> {
    return this.invoices.upcoming(workspaceId);
  }

  /** One invoice with its lines. */
  @RequirePermission('billing:read')
  @Get(':invoiceId')
  get(
    @WorkspaceParam() workspaceId: string,
    @Param('invoiceId', ParseIdPipe) invoiceId: string,
  ): Promise<InvoiceResponse> {
    return this.invoices.get(workspaceId, invoiceId);
  }
}
