import type { AdvancedEventSelector, EventSelector, PutEventSelectorsRequest } from '../../../protocol/generated/cloudtrail.js';
import { TrailErrors } from '../errors.js';
import type { StoredSelectors } from '../../../audit/trails/trail.js';

const DATA_RESOURCE_TYPES = new Set(['AWS::S3::Object', 'AWS::Lambda::Function', 'AWS::DynamoDB::Table']);
const EXCLUDABLE_SOURCES = new Set(['kms.amazonaws.com', 'rdsdata.amazonaws.com']);
const EQUALS_ONLY_FIELDS = new Set(['eventCategory', 'readOnly', 'resources.type']);
const ADVANCED_FIELDS = new Set([
  'eventCategory',
  'eventSource',
  'eventName',
  'readOnly',
  'resources.type',
  'resources.ARN',
  'eventType',
  'sessionCredentialFromConsole',
  'userIdentity.arn',
  'errorCode',
  'vpcEndpointId',
]);
const OPERATORS = ['Equals', 'StartsWith', 'EndsWith', 'NotEquals', 'NotStartsWith', 'NotEndsWith'] as const;

/** PutEventSelectors' checks (CloudTrail's quotas: 5 event selectors, 250 data resources, 500 advanced-selector values per trail); returns what to store. */
export function validateEventSelectors(
  input: Pick<PutEventSelectorsRequest, 'EventSelectors' | 'AdvancedEventSelectors'>,
): StoredSelectors {
  const { EventSelectors: basic, AdvancedEventSelectors: advanced } = input;
  if ((basic === undefined) === (advanced === undefined)) {
    throw TrailErrors.invalidEventSelectors('Specify either EventSelectors or AdvancedEventSelectors, but not both.');
  }
  if (basic) {
    basic.forEach(validateBasic);
    return { kind: 'basic', selectors: checkBasicLimits(basic) };
  }
  return { kind: 'advanced', selectors: checkAdvanced(advanced!) };
}

function checkBasicLimits(selectors: EventSelector[]): EventSelector[] {
  if (selectors.length > 5)
    throw TrailErrors.invalidEventSelectors('Specify a valid number of selectors for your trail. The maximum is 5.');
  const values = selectors.flatMap((s) => (s.DataResources ?? []).flatMap((r) => r.Values ?? []));
  if (values.length > 250) throw TrailErrors.invalidEventSelectors('Specify no more than 250 data resources across your event selectors.');
  return selectors.map((s) => ({
    ReadWriteType: s.ReadWriteType ?? 'All',
    IncludeManagementEvents: s.IncludeManagementEvents ?? true,
    DataResources: s.DataResources ?? [],
    ExcludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
  }));
}

function validateBasic(s: EventSelector): void {
  for (const r of s.DataResources ?? []) {
    if (!r.Type || !DATA_RESOURCE_TYPES.has(r.Type)) throw TrailErrors.invalidEventSelectors(`Invalid data resource type: ${r.Type ?? ''}`);
    for (const v of r.Values ?? []) {
      if (r.Type === 'AWS::S3::Object' && !v.startsWith('arn:aws:s3'))
        throw TrailErrors.invalidEventSelectors(`Value ${v} for DataResources.Values is invalid.`);
    }
  }
  for (const source of s.ExcludeManagementEventSources ?? []) {
    if (!EXCLUDABLE_SOURCES.has(source))
      throw TrailErrors.invalidEventSelectors(`Invalid value for ExcludeManagementEventSources: ${source}`);
  }
}

function checkAdvanced(selectors: AdvancedEventSelector[]): AdvancedEventSelector[] {
  let conditionValues = 0;
  for (const s of selectors) {
    const fields = new Set<string>();
    for (const f of s.FieldSelectors) {
      if (!ADVANCED_FIELDS.has(f.Field))
        throw TrailErrors.invalidEventSelectors(`Field ${f.Field} is not a valid field for advanced event selectors.`);
      if (fields.has(f.Field)) throw TrailErrors.invalidEventSelectors(`Field ${f.Field} is specified more than once in a selector.`);
      fields.add(f.Field);
      const used = OPERATORS.filter((op) => f[op] !== undefined);
      if (used.length === 0) throw TrailErrors.invalidEventSelectors(`Field ${f.Field} needs at least one operator.`);
      if (EQUALS_ONLY_FIELDS.has(f.Field) && used.some((op) => op !== 'Equals')) {
        throw TrailErrors.invalidEventSelectors(`Field ${f.Field} only supports the Equals operator.`);
      }
      conditionValues += used.reduce((n, op) => n + f[op]!.length, 0);
    }
    const category = s.FieldSelectors.find((f) => f.Field === 'eventCategory')?.Equals;
    if (!category) throw TrailErrors.invalidEventSelectors('Each advanced event selector must specify eventCategory.');
    if (category.includes('Data') && !fields.has('resources.type')) {
      throw TrailErrors.invalidEventSelectors('Data event selectors must specify resources.type.');
    }
  }
  if (conditionValues > 500) throw TrailErrors.invalidEventSelectors('Advanced event selectors allow at most 500 condition values.');
  return selectors;
}
