/** The bearer token of /api/admin/*: compared in constant time, so timing tells nothing about it. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { App } from '../app.ts';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function requireAdmin(app: App, request: Request): void {
  const token = app.config.adminToken;
  if (!token) throw new DomainError('admin_disabled', 'Admin endpoints are disabled: ADMIN_TOKEN is not set.');
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
  // Digests have the same length whatever was sent, which timingSafeEqual requires.
  if (!timingSafeEqual(digest(presented), digest(token))) {
    throw new DomainError('unauthorized', 'A valid "Authorization: Bearer <ADMIN_TOKEN>" header is required.');
  }
}
