import { Module } from '@nestjs/common';
import { TenancyModule } from '@keel/tenancy';
import { DocumentsController } from './documents/documents.controller';
import { DocumentsModule } from './documents.module';
import { SearchController } from './search/search.controller';

/** The documents routes: uploads and their lifecycle, search and retrieve. */
@Module({
  imports: [DocumentsModule, TenancyModule],
  controllers: [DocumentsController, SearchController],
})
export class DocumentsHttpModule {}
