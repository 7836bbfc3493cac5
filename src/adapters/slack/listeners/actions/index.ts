import type { App } from '@slack/bolt';
import type { SlackDeps } from '../../deps.ts';
import { registerFeedback } from './feedback.ts';
import { registerMore } from './more.ts';
import { registerShare } from './share.ts';

/** Buttons under an answer; each acks at once and does its work after. */
export function registerActions(app: App, deps: SlackDeps): void {
  registerMore(app, deps);
  registerFeedback(app, deps);
  registerShare(app, deps);
}
