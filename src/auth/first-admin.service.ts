import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { UsersService } from '../users/users.service.js';

/**
 * On an empty database, creates the first admin (login `admin` or ADMIN_EMAIL). Without
 * ADMIN_PASSWORD a password is generated and printed once: it is never stored in clear.
 */
@Injectable()
export class FirstAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstAdmin');

  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runsApi || (await this.users.count()) > 0) return;
    const password = this.config.adminPassword ?? randomBytes(12).toString('base64url');
    const admin = await this.users.createFirstAdmin(this.config.adminEmail ?? null, password);
    if (!admin) return;
    const login = admin.email ? `"admin" or "${admin.email}"` : '"admin"';
    if (this.config.adminPassword) {
      this.logger.log(`First admin created: log in as ${login} with ADMIN_PASSWORD`);
    } else {
      // Printed once, on purpose, to stdout rather than the structured log.
      process.stdout.write(
        `\n  First admin created. Login: ${login}  Password: ${password}\n  Change it after your first login (PATCH /api/users/${admin.id}).\n\n`,
      );
    }
  }
}
