/** Where the editor publishes: read at build time from the environment (Netlify sets REPOSITORY_URL and BRANCH). */
import { cmsConfig } from './config.ts';

export function repositoryFromEnv(env: Record<string, string | undefined>): string {
  if (env['CMS_GITHUB_REPO']) return env['CMS_GITHUB_REPO'];
  const match = /github\.com[/:]([^/]+\/[^/.]+)(?:\.git)?\/?$/.exec(env['REPOSITORY_URL'] ?? '');
  return match?.[1] ?? 'set-CMS_GITHUB_REPO/owner-and-name';
}

export function siteCmsConfig(env: Record<string, string | undefined>, siteUrl: string) {
  return cmsConfig({
    repo: repositoryFromEnv(env),
    branch: env['CMS_BRANCH'] ?? 'main',
    siteUrl,
    ...(env['CMS_AUTH_BASE_URL'] ? { authBaseUrl: env['CMS_AUTH_BASE_URL'] } : {}),
  });
}
