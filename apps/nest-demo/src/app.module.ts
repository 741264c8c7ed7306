import { Module } from '@nestjs/common';
import { DatadogModule } from '@dd-otel/nestjs';
import { DownstreamController } from './downstream/downstream.controller.js';
import { GuideSnippetsService } from './snippets/guide-snippets.service.js';
import { SnippetsController } from './snippets/snippets.controller.js';
import { UsersModule } from './users/users.module.js';

@Module({
  imports: [
    // One import: request spans, Nest tags, handler spans and exception recording.
    DatadogModule.forRoot({ handlerSpans: true, headers: ['x-request-id'] }),
    UsersModule,
  ],
  controllers: [SnippetsController, DownstreamController],
  providers: [GuideSnippetsService],
})
export class AppModule {}
