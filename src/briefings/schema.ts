import { Cron } from 'croner';
import { z } from 'zod';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isCron(expression: string): boolean {
  try {
    new Cron(expression, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

export const briefingSchema = z.object({
  name: z.string().trim().min(1, 'a name is required').max(64).regex(/^[\w.-]+$/u, 'use letters, digits, "-", "_" or "." only'),
  platform: z.enum(['discord', 'slack'], { error: 'must be "discord" or "slack"' }),
  channel: z.coerce.string().trim().min(1, 'a channel id is required'),
  topics: z.array(z.coerce.string().trim().min(1, 'a topic cannot be empty')).min(1, 'list at least one topic').max(10, 'at most 10 topics'),
  schedule: z.string().trim().refine(isCron, 'not a valid cron expression (five fields, e.g. "0 8 * * 1-5")'),
  timezone: z.string().trim().default('UTC').refine(isTimeZone, 'not a known IANA time zone (e.g. "Europe/Paris")'),
  language: z.enum(['fr', 'en'], { error: 'must be "fr" or "en"' }).default('en'),
  items: z.coerce.number().int().min(1).max(10).default(3),
  skipWhenNothingNew: z.boolean().default(false),
});

export type Briefing = z.infer<typeof briefingSchema>;

export const briefingsFileSchema = z.object({
  briefings: z.array(z.unknown()).default([]),
});
