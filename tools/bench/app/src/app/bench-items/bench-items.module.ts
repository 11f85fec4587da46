import { Module } from '@nestjs/common';
import { BenchItemsController } from './bench-items.controller';
import { BenchItemsService } from './bench-items.service';

@Module({
  controllers: [BenchItemsController],
  providers: [BenchItemsService],
})
export class BenchItemsModule {}
