/** The default bus: DescribeEventBus, ListEventBuses. Custom buses are not hosted. */
import type * as T from '../../../protocol/generated/events.js';
import type { CallContext } from '../../service.js';
import { busArn, busName, DEFAULT_BUS } from '../arns.js';

export async function describeEventBus(call: CallContext, i: T.DescribeEventBusRequest): Promise<T.DescribeEventBusResponse> {
  busName(i.Name, call.region, call.accountId);
  return { Name: DEFAULT_BUS, Arn: busArn(call.region, call.accountId) };
}

export async function listEventBuses(call: CallContext, i: T.ListEventBusesRequest): Promise<T.ListEventBusesResponse> {
  const show = DEFAULT_BUS.startsWith(i.NamePrefix ?? '');
  return { EventBuses: show ? [{ Name: DEFAULT_BUS, Arn: busArn(call.region, call.accountId) }] : [] };
}
