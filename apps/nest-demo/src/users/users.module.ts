import { Module } from '@nestjs/common';
import { ApiKeyGuard } from './api-key.guard.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({ controllers: [UsersController], providers: [UsersService, ApiKeyGuard], exports: [UsersService] })
export class UsersModule {}
