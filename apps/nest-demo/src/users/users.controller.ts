import { Controller, Get, InternalServerErrorException, Param, ParseIntPipe, UseGuards } from '@nestjs/common';
import { Observable } from 'rxjs';
import { ApiKeyGuard } from './api-key.guard.js';
import { UsersService } from './users.service.js';
import type { User } from './users.service.js';

/** Served at `/api/v1/users` (global prefix `api`, URI versioning). */
@Controller({ path: 'users', version: '1' })
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** A 500 with the exception on the request span. */
  @Get('boom')
  boom(): never {
    throw new InternalServerErrorException('the users database is unavailable');
  }

  /** 200, 404 (`NotFoundException` from the service) or 400 (`ParseIntPipe`, not a number). */
  @Get(':id')
  findOne(@Param('id', ParseIntPipe) id: number): Promise<User> {
    return this.users.findOne(id);
  }

  /** 403 without `x-api-key: demo`: the guard rejects it before the handler. */
  @Get(':id/permissions')
  @UseGuards(ApiKeyGuard)
  permissions(@Param('id', ParseIntPipe) id: number): { id: number; permissions: string[] } {
    return { id, permissions: this.users.permissionsOf(id) };
  }

  /** An Observable all the way: the span of the service method ends when it completes. */
  @Get(':id/activity')
  activity(@Param('id', ParseIntPipe) id: number): Observable<string[]> {
    return this.users.recentActivity(id);
  }
}
