// The built-in stack templates: a few questions in, a compose document out. The document is
// deployed like any other (validated, planned, versioned). Answers are written into the file as
// plain values, except passwords: each becomes a Swarm secret whose content comes from a variable
// given to the deploy (compose-spec `secrets: x: environment: VAR`), and the images read it from
// /run/secrets through their *_FILE variables. The document, its history and the audit log never
// hold the password; the cluster keeps it encrypted as a secret.
import { stringify } from 'yaml';
import { DroverError } from '../../../shared/errors.js';
import type { RenderedTemplate, StackTemplate, TemplateQuestion } from '../../../shared/types.js';
import {
  passwordSecret,
  type Answers,
  type Resolved,
  type TemplateDefaults,
  type TemplateDefinition,
} from './definition.js';
import { nginxCluster } from './nginx-cluster.js';
import { wordpress } from './wordpress.js';

function definitions(defaults: TemplateDefaults): TemplateDefinition[] {
  return [nginxCluster(defaults.nginxImage || 'nginx:stable'), wordpress()];
}

export function listTemplates(defaults: TemplateDefaults = {}): StackTemplate[] {
  return definitions(defaults).map(({ id, name, description, questions }) => ({
    id,
    name,
    description,
    questions,
  }));
}

export function renderTemplate(
  id: string,
  answers: Answers,
  defaults: TemplateDefaults = {},
): RenderedTemplate {
  const template = definitions(defaults).find((t) => t.id === id);
  if (!template) throw new DroverError('NOT_FOUND', `No template "${id}"`);
  const resolved: Resolved = {};
  const env: Record<string, string> = {};
  for (const question of template.questions) {
    const value = answer(question, answers[question.id]);
    if (question.type === 'password' && value !== undefined) {
      // The secret's content: the answer as typed (no compose interpolation applies to it).
      env[passwordSecret(question.id).variable] = String(value);
    } else {
      // Compose interpolates $ in values: a literal $ is written as $$.
      resolved[question.id] = typeof value === 'string' ? value.replaceAll('$', '$$$$') : value;
    }
  }
  const unknown = Object.keys(answers).filter((k) => !template.questions.some((q) => q.id === k));
  if (unknown.length) {
    throw new DroverError('INVALID_ARGUMENT', `Unknown answers: ${unknown.join(', ')}`);
  }
  return { compose: stringify(template.build(resolved)), name: template.stackName, env };
}

function answer(question: TemplateQuestion, given: string | number | undefined) {
  // Not answered: the default. Answered empty: none (optional questions, e.g. no port).
  const raw = given === undefined || (given === '' && question.required) ? question.default : given;
  if (raw === undefined || raw === '') {
    if (question.required)
      throw new DroverError('INVALID_ARGUMENT', `${question.label} is required`);
    return undefined;
  }
  if (question.type === 'number') {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) {
      throw new DroverError('INVALID_ARGUMENT', `${question.label} must be a whole number`);
    }
    return value;
  }
  const text = String(raw);
  if (question.type === 'image' && !/^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/.test(text)) {
    throw new DroverError('INVALID_ARGUMENT', `${question.label}: "${text}" is not an image`);
  }
  return text;
}
