import type { z } from 'zod';

/**
 * Word a validation problem for a person who typed a value: what was expected, in
 * plain terms, instead of the validation library's internal wording ("received NaN").
 */
export function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'invalid value';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'int') return 'expected a whole number';
      if (issue.expected === 'boolean') return 'expected true or false';
      return `expected a ${issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map(String).join(', ')}`;
    case 'too_big':
      return `expected at most ${String(issue.maximum)}`;
    case 'too_small':
      return `expected at least ${String(issue.minimum)}`;
    case 'invalid_union':
      return 'expected true or false';
    default:
      return issue.message.replace(/^Invalid input: /, '');
  }
}
