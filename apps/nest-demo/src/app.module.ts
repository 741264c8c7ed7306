import { Module } from '@nestjs/common';
import { DatadogModule } from '@dd-otel/nestjs';
import { DownstreamController } from './downstream/downstream.controller.js';
import { GuideSnippetsService } from './snippets/guide-snippets.service.js';
import { SnippetsController } from './snippets/snippets.controller.js';
import { UsersModule } from './users/users.module.js';

@Module({
  imports: [
    // One import: request spans, Nest tags, handler spans and exception recording.
    // resourceRenamingEnabled: a path no route matches (a 404) gets http.endpoint, its ids replaced.
    DatadogModule.forRoot({ handlerSpans: true, headers: ['x-request-id'], resourceRenamingEnabled: true }),
    UsersModule,
  ],
  controllers: [SnippetsController, DownstreamController],
  providers: [GuideSnippetsService],
})
export class AppModule {}
