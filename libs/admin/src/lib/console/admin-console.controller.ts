import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@keel/identity';
import { DomainError } from '@keel/platform-errors';

/** Where the console's build lies: beside the API's own build (dist/apps/api → dist/apps/admin-console). */
function consoleFolder(): string | undefined {
  const candidates = [
    ...(process.argv[1] ? [join(dirname(process.argv[1]), '..', 'admin-console')] : []),
    join(process.cwd(), 'dist/apps/admin-console'),
  ];
  return candidates.find((folder) => existsSync(join(folder, 'index.html')));
}

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/**
 * The platform admins' web console (apps/admin-console), served at /admin
 * from the files `npm run build` wrote: the page, its modules and its style
 * sheet, read once. Public like any page: the console signs in through the
 * API, and every admin route it calls checks the platform admin itself.
 * Not part of the API reference.
 */
@ApiExcludeController()
@Public()
@Controller('admin')
export class AdminConsoleController {
  private files?: Map<string, string>;

  @Get()
  page(@Res({ passthrough: true }) reply: FastifyReply): string {
    return this.serve('index.html', reply);
  }

  @Get(':file')
  asset(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    return this.serve(file, reply);
  }

  private serve(name: string, reply: FastifyReply): string {
    const body = this.built().get(name);
    if (body === undefined) throw new DomainError('NOT_FOUND', 'The admin console has no such file.');
    void reply
      .type(CONTENT_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream')
      .header('cache-control', 'no-cache')
      .header('referrer-policy', 'no-referrer');
    return body;
  }

  private built(): Map<string, string> {
    if (this.files) return this.files;
    const folder = consoleFolder();
    if (!folder) {
      throw new DomainError(
        'NOT_FOUND',
        'The admin console is not built: run `npm run build` (it builds apps/admin-console).',
      );
    }
    this.files = new Map(
      readdirSync(folder)
        .filter((name) => /^[\w-]+\.(html|js|css)$/.test(name))
        .map((name) => [name, readFileSync(join(folder, name), 'utf8')]),
    );
    return this.files;
  }
}
