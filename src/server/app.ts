/**
 * What every handler needs, built once per process from the environment and the bundled catalog.
 * Tests build their own App with createApp() and a catalog of their own.
 */
import Stripe from 'stripe';
import catalogData from '../generated/catalog.json' with { type: 'json' };
import type { Catalog } from '../content/catalog.ts';
import { DomainError } from '../domain/errors.ts';
import { loadConfig, type Config } from './config.ts';
import { createPool, type Db } from './db/pool.ts';
import { setRateLimitSecret } from './http/rate-limit.ts';

export interface App {
  config: Config;
  catalog: Catalog;
  /** The database, connected on first use so that handlers which need none never fail for lack of it. */
  db(): Db;
  /** The Stripe client in Stripe mode, null in demo mode. */
  stripe(): Stripe | null;
  now(): Date;
  /** Closes the pool this App opened (one passed in belongs to its owner); the next db() opens a new one. */
  close(): Promise<void>;
}

export function createStripeClient(secretKey: string, apiBase: string | undefined): Stripe {
  const base = apiBase ? new URL(apiBase) : undefined;
  return new Stripe(secretKey, {
    apiVersion: '2026-10-28.endive',
    maxNetworkRetries: 2,
    telemetry: false,
    ...(base && {
      host: base.hostname,
      port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
      protocol: base.protocol === 'https:' ? 'https' : 'http',
    }),
  });
}

export function createApp(config: Config, catalog: Catalog, options: { db?: Db; now?: () => Date } = {}): App {
  let db = options.db;
  let stripe: Stripe | null | undefined;
  return {
    config,
    catalog,
    db() {
      if (!db) {
        if (!config.databaseUrl) throw new DomainError('storage_unavailable', 'The database is not configured (DATABASE_URL).');
        db = createPool(config.databaseUrl);
      }
      return db;
    },
    stripe() {
      if (stripe === undefined) {
        stripe = config.payments.mode === 'stripe' ? createStripeClient(config.payments.secretKey, config.payments.apiBase) : null;
      }
      return stripe;
    },
    now: options.now ?? clockOf(config),
    async close() {
      const opened = db !== options.db ? db : undefined;
      db = options.db;
      await opened?.end();
    },
  };
}

/** The real clock, or one that started at CIVIC_TEST_NOW when the process did and runs on from there. */
function clockOf(config: Config): () => Date {
  if (!config.testNow) return () => new Date();
  const offset = Date.parse(config.testNow) - Date.now();
  return () => new Date(Date.now() + offset);
}

let current: App | undefined;

/** The process-wide App of the deployed functions. */
export function app(): App {
  if (!current) {
    current = createApp(loadConfig(process.env), catalogData as Catalog);
    setRateLimitSecret(current.config.rateLimitSecret);
  }
  return current;
}
