import { Injectable, NotFoundException } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { Traced } from '@dd-otel/nestjs';
import { Observable, of } from 'rxjs';
import { delay } from 'rxjs/operators';

export interface User {
  id: number;
  name: string;
}

/** Users 1 to 100 exist. Every method runs in its own span (`@Traced`). */
@Injectable()
export class UsersService {
  @Traced()
  async findOne(id: number): Promise<User> {
    await new Promise((resolve) => setTimeout(resolve, 3));
    if (id < 1 || id > 100) throw new NotFoundException(`user ${id} does not exist`);
    // The active span here is this method's span, child of the request.
    trace.getActiveSpan()?.setAttribute('user.id', id);
    return { id, name: `user-${id}` };
  }

  @Traced('users.permissions', { attributes: { 'cache.hit': true } })
  permissionsOf(id: number): string[] {
    return id % 2 === 0 ? ['read', 'write'] : ['read'];
  }

  @Traced()
  recentActivity(id: number): Observable<string[]> {
    return of([`user-${id} logged in`, `user-${id} viewed a page`]).pipe(delay(2));
  }
}
