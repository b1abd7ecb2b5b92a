// What a built-in template is, and the pieces its compose document is made of. Templates and
// the catalog that lists them both depend on this file, never on each other's.
import type { StackTemplate } from '../../../shared/types.js';

export type Answers = Record<string, string | number>;

/** Answers checked and completed with defaults, typed as the questions say. */
export type Resolved = Record<string, string | number | undefined>;

export interface TemplateDefinition extends StackTemplate {
  /** A suggested stack name. */
  stackName: string;
  /** The compose document as data (stringified here, so values are always quoted right). */
  build(answers: Resolved): Record<string, unknown>;
}

export interface TemplateDefaults {
  /** Default image for the nginx cluster (a setting), else nginx:stable. */
  nginxImage?: string;
}

/** The secret a password question becomes: db_password, from the variable DB_PASSWORD. */
export function passwordSecret(questionId: string): {
  name: string;
  variable: string;
  file: string;
} {
  const name = questionId.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return { name, variable: name.toUpperCase(), file: `/run/secrets/${name}` };
}

/** A published port in long syntax; the mode is left to Drover (host mode without IPVS). */
export const publish = (published: number | undefined, target: number) =>
  published ? [{ target, published, protocol: 'tcp' }] : undefined;
