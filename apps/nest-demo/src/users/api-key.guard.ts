import { ForbiddenException, Injectable } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';

/** Lets a request through only with `x-api-key: demo` (else 403, which is not an error span). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>();
    if (request.headers['x-api-key'] === 'demo') return true;
    throw new ForbiddenException('an API key is required');
  }
}
