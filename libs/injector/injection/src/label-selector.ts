import type { StringMap } from './kube-types';

// metav1.LabelSelector semantics for the injector's neverInjectSelector/alwaysInjectSelector.

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<StringMap>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** An empty selector selects nothing here: Istio skips selectors that are Empty(). */
export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

function requirementMatches(requirement: LabelSelectorRequirement, labels: Readonly<StringMap>): boolean {
  const has = Object.hasOwn(labels, requirement.key);
  const value = labels[requirement.key];
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return has && values.includes(value as string);
    case 'NotIn':
      return !has || !values.includes(value as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

export function selectorMatches(selector: LabelSelector, labels: Readonly<StringMap> | undefined): boolean {
  const actual = labels ?? {};
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => actual[key] === value);
  return byLabels && (selector.matchExpressions ?? []).every((requirement) => requirementMatches(requirement, actual));
}

/** Checks the shape of a selector read from configuration; returns a reason or undefined. */
export function labelSelectorError(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object';
  const selector = value as Record<string, unknown>;
  const labels = selector['matchLabels'];
  if (labels !== undefined && (typeof labels !== 'object' || labels === null || Array.isArray(labels))) {
    return 'matchLabels must be a map';
  }
  const expressions = selector['matchExpressions'] ?? [];
  if (!Array.isArray(expressions)) return 'matchExpressions must be a list';
  for (const expression of expressions as Record<string, unknown>[]) {
    if (typeof expression?.['key'] !== 'string') return 'matchExpressions[].key must be a string';
    if (!OPERATORS.includes(String(expression['operator']))) {
      return `matchExpressions[].operator must be one of ${OPERATORS.join(', ')}`;
    }
  }
  return undefined;
}
