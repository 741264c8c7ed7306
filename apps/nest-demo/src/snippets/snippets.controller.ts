import { Controller, Get } from '@nestjs/common';
import { GuideSnippetsService } from './guide-snippets.service.js';

/** `GET /api/snippets`: the guide's snippets, in its order, inside one request. */
@Controller('snippets')
export class SnippetsController {
  constructor(private readonly snippets: GuideSnippetsService) {}

  @Get()
  async run(): Promise<{ ran: string[] }> {
    const { guide } = this.snippets;
    await guide.createSpans();
    guide.tagActiveSpan();
    guide.addSpanEvents();
    guide.recordExceptions();
    return { ran: ['createSpans', 'tagActiveSpan', 'addEvents', 'recordExceptions'] };
  }
}
