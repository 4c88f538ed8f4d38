import { ServiceError } from '../errors/service-error.js';

/** LookupEvents' modelled errors (CloudTrail API Reference, "LookupEvents"), messages after the model's documentation. */
export const lookupErrors = {
  attributes: (detail: string) => new ServiceError('InvalidLookupAttributesException', detail),
  timeRange: () => new ServiceError('InvalidTimeRangeException', 'Start time must be less than or equal to end time.'),
  maxResults: () => new ServiceError('InvalidMaxResultsException', 'MaxResults must be greater than 0 and less than or equal to 50.'),
  nextToken: () =>
    new ServiceError(
      'InvalidNextTokenException',
      'Invalid NextToken: it is malformed or was issued for a request with different parameters.',
    ),
  eventCategory: (value: string) =>
    new ServiceError('InvalidEventCategoryException', `Invalid EventCategory '${value}'. The only valid value is 'insight'.`),
  throttled: () => new ServiceError('ThrottlingException', 'Rate exceeded'),
};
