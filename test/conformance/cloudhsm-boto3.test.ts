/**
 * The getting-started flow in one boto3 script (as a Python user would write it, openssl included),
 * with the describe_clusters / describe_backups paginators and botocore's error codes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';
import { hasTool, python } from '../support/tools.js';

const enabled = hasTool('python3') && hasTool('openssl', ['version']);

const FLOW = String.raw`
import boto3, botocore, json, os, subprocess, time
hsm = boto3.client("cloudhsmv2")
ec2 = boto3.client("ec2")
work = os.environ["WORKDIR"]
out = {}

def wait(cluster_id, done, timeout=60):  # caps for a loaded machine, not expectations
    deadline = time.time() + timeout
    while True:
        c = hsm.describe_clusters(Filters={"clusterIds": [cluster_id]})["Clusters"][0]
        if done(c): return c
        if time.time() > deadline: raise Exception("timeout: " + json.dumps(c, default=str))
        time.sleep(0.2)

def code(fn):
    try:
        fn()
        return None
    except botocore.exceptions.ClientError as e:
        return [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]

def openssl(*args):
    subprocess.run(["openssl", *args], cwd=work, check=True, capture_output=True)

subnets = ec2.describe_subnets(Filters=[{"Name": "availability-zone", "Values": ["us-east-1a", "us-east-1b"]}])["Subnets"]
subnets.sort(key=lambda s: s["AvailabilityZone"])
cid = hsm.create_cluster(HsmType="hsm2m.medium", SubnetIds=[s["SubnetId"] for s in subnets])["Cluster"]["ClusterId"]
wait(cid, lambda c: c["State"] == "UNINITIALIZED")
first = hsm.create_hsm(ClusterId=cid, AvailabilityZone="us-east-1a")["Hsm"]
csr = wait(cid, lambda c: "ClusterCsr" in c["Certificates"])["Certificates"]["ClusterCsr"]
out["second_before_activation"] = code(lambda: hsm.create_hsm(ClusterId=cid, AvailabilityZone="us-east-1b"))

open(os.path.join(work, "cluster.csr"), "w").write(csr)
openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3652", "-subj", "/CN=boto3CA", "-keyout", "ca.key", "-out", "ca.crt")
openssl("x509", "-req", "-days", "3652", "-in", "cluster.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "cluster.crt")
read = lambda name: open(os.path.join(work, name)).read()
out["wrong_anchor"] = code(lambda: hsm.initialize_cluster(ClusterId=cid, SignedCert=read("cluster.crt"), TrustAnchor=read("cluster.crt")))
out["init"] = hsm.initialize_cluster(ClusterId=cid, SignedCert=read("cluster.crt"), TrustAnchor=read("ca.crt"))["State"]
active = wait(cid, lambda c: c["State"] == "ACTIVE")
out["cluster_certificate_issuer_ok"] = active["Certificates"]["ClusterCertificate"].strip() == read("cluster.crt").strip()

second = hsm.create_hsm(ClusterId=cid, AvailabilityZone="us-east-1b")["Hsm"]
wait(cid, lambda c: len(c["Hsms"]) == 2 and all(h["State"] == "ACTIVE" for h in c["Hsms"]))
out["second_subnet"] = second["SubnetId"] == subnets[1]["SubnetId"]

deadline = time.time() + 60
while True:
    backups = [b for page in hsm.get_paginator("describe_backups").paginate(Filters={"clusterIds": [cid]}, PaginationConfig={"PageSize": 1}) for b in page["Backups"]]
    if len(backups) >= 2 and all(b["BackupState"] == "READY" for b in backups) or time.time() > deadline: break
    time.sleep(0.2)
out["backups"] = len(backups)
bid = backups[0]["BackupId"]
out["copy"] = hsm.copy_backup_to_region(BackupId=bid, DestinationRegion="us-west-2")["DestinationBackup"]["SourceBackup"] == bid
out["deleted"] = hsm.delete_backup(BackupId=bid)["Backup"]["BackupState"]
out["restored"] = hsm.restore_backup(BackupId=bid)["Backup"]["BackupState"]
hsm.tag_resource(ResourceId=cid, TagList=[{"Key": "owner", "Value": "py"}])
out["tags"] = hsm.list_tags(ResourceId=cid)["TagList"]

out["delete_with_hsms"] = code(lambda: hsm.delete_cluster(ClusterId=cid))
hsm.delete_hsm(ClusterId=cid, EniIp=second["EniIp"])
hsm.delete_hsm(ClusterId=cid, HsmId=first["HsmId"])
wait(cid, lambda c: len(c["Hsms"]) == 0)
out["delete"] = hsm.delete_cluster(ClusterId=cid)["Cluster"]["State"]

# Paginator over clusters: three more clusters, two per page.
more = [hsm.create_cluster(HsmType="hsm2m.medium", SubnetIds=[subnets[0]["SubnetId"]])["Cluster"]["ClusterId"] for _ in range(3)]
pages = list(hsm.get_paginator("describe_clusters").paginate(Filters={"clusterIds": more}, PaginationConfig={"PageSize": 2}))
out["cluster_pages"] = [[c["ClusterId"] for c in p["Clusters"]] for p in pages]
out["more"] = more
out["unknown"] = code(lambda: hsm.delete_backup(BackupId="backup-aaaaaaaaaaa"))
out["bad_token"] = code(lambda: hsm.describe_clusters(NextToken="nope"))
print(json.dumps(out))
`;

describe.runIf(enabled)('boto3: CloudHSM v2', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ args: ['--auto-activate'] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('runs the getting-started flow end to end', async () => {
    const r = await python(server.awsEnv({ WORKDIR: mkdtempSync(join(tmpdir(), 'hsmtrail-boto3-')) }), FLOW);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      second_before_activation: ['CloudHsmInvalidRequestException', 400],
      wrong_anchor: ['CloudHsmInvalidRequestException', 400],
      init: 'INITIALIZE_IN_PROGRESS',
      cluster_certificate_issuer_ok: true,
      second_subnet: true,
      copy: true,
      deleted: 'PENDING_DELETION',
      restored: 'READY',
      tags: [{ Key: 'owner', Value: 'py' }],
      delete_with_hsms: ['CloudHsmInvalidRequestException', 400],
      delete: 'DELETE_IN_PROGRESS',
      unknown: ['CloudHsmResourceNotFoundException', 400],
      bad_token: ['CloudHsmInvalidRequestException', 400],
    });
    expect(out.backups).toBeGreaterThanOrEqual(2);
    expect(out.cluster_pages).toEqual([out.more.slice(0, 2), out.more.slice(2)]);
  }, 120_000);
});
