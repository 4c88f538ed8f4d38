/** The CloudHSM v2 control plane: one method per operation of API 2017-04-28. */
import type * as T from '../../protocol/generated/cloudhsmv2.js';
import type { CallContext } from '../service.js';
import { resolveOptions, type CloudHsmOptions, type ResolvedOptions } from './options.js';
import type { OpContext } from './ops/context.js';
import * as backups from './ops/backups.js';
import * as clusters from './ops/clusters.js';
import * as hsms from './ops/hsms.js';
import { commitInitialization, verifyInitialization, type VerifiedInitialization } from './ops/initialize.js';
import * as policies from './ops/policies.js';
import * as tags from './ops/tags.js';

export class CloudHsmV2Provider implements T.CloudHSMV2Api<CallContext> {
  readonly opts: ResolvedOptions;

  constructor(options: CloudHsmOptions = {}) {
    this.opts = resolveOptions(options);
  }

  private ctx(call: CallContext): OpContext {
    return { call, opts: this.opts, now: call.now.getTime() };
  }

  CreateCluster = (i: T.CreateClusterRequest, c: CallContext) => clusters.createCluster(this.ctx(c), i);
  DescribeClusters = (i: T.DescribeClustersRequest, c: CallContext) => clusters.describeClusters(this.ctx(c), i);
  ModifyCluster = (i: T.ModifyClusterRequest, c: CallContext) => clusters.modifyCluster(this.ctx(c), i);
  DeleteCluster = (i: T.DeleteClusterRequest, c: CallContext) => clusters.deleteCluster(this.ctx(c), i);
  CreateHsm = (i: T.CreateHsmRequest, c: CallContext) => hsms.createHsm(this.ctx(c), i);
  DeleteHsm = (i: T.DeleteHsmRequest, c: CallContext) => hsms.deleteHsm(this.ctx(c), i);
  DescribeBackups = (i: T.DescribeBackupsRequest, c: CallContext) => backups.describeBackups(this.ctx(c), i);
  DeleteBackup = (i: T.DeleteBackupRequest, c: CallContext) => backups.deleteBackup(this.ctx(c), i);
  RestoreBackup = (i: T.RestoreBackupRequest, c: CallContext) => backups.restoreBackup(this.ctx(c), i);
  ModifyBackupAttributes = (i: T.ModifyBackupAttributesRequest, c: CallContext) => backups.modifyBackupAttributes(this.ctx(c), i);
  CopyBackupToRegion = (i: T.CopyBackupToRegionRequest, c: CallContext) => backups.copyBackupToRegion(this.ctx(c), i);
  PutResourcePolicy = (i: T.PutResourcePolicyRequest, c: CallContext) => policies.putResourcePolicy(this.ctx(c), i);
  GetResourcePolicy = (i: T.GetResourcePolicyRequest, c: CallContext) => policies.getResourcePolicy(this.ctx(c), i);
  DeleteResourcePolicy = (i: T.DeleteResourcePolicyRequest, c: CallContext) => policies.deleteResourcePolicy(this.ctx(c), i);
  TagResource = (i: T.TagResourceRequest, c: CallContext) => tags.tagResource(this.ctx(c), i);
  UntagResource = (i: T.UntagResourceRequest, c: CallContext) => tags.untagResource(this.ctx(c), i);
  ListTags = (i: T.ListTagsRequest, c: CallContext) => tags.listTags(this.ctx(c), i);

  /** Certificate checks first (async, outside the write transaction), then the state change. */
  async InitializeCluster(i: T.InitializeClusterRequest, c: CallContext): Promise<T.InitializeClusterResponse> {
    return this.commitInitialize(i, c, await this.verifyInitialize(i, c));
  }

  verifyInitialize = (i: T.InitializeClusterRequest, c: CallContext) => verifyInitialization(this.ctx(c), i);
  commitInitialize = (i: T.InitializeClusterRequest, c: CallContext, v: VerifiedInitialization) => commitInitialization(this.ctx(c), i, v);
}
