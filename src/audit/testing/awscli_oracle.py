"""Runs awscli's own `validate-logs` command code (awscli.customizations.cloudtrail.validation) over
objects dumped by a test, with in-process stand-ins for S3 and CloudTrail, and prints its stdout,
stderr and exit status as JSON. Usage: python3 awscli_oracle.py <input.json>

input.json: {trailArn, bucket, prefix|null, startTime, endTime,
             objects: [{bucket, key, metadata, body (base64)}],
             publicKeys: [{Fingerprint, Value (base64 of DER, as on the wire), ValidityStartTime, ValidityEndTime}]}
"""
import argparse
import base64
import contextlib
import io
import json
import sys

from botocore.exceptions import ClientError
from awscli.customizations.cloudtrail.validation import CloudTrailValidateLogs


class FakePages:
    def __init__(self, keys):
        self._keys = keys

    def search(self, expression):
        assert expression == 'Contents[*].Key'
        return iter(self._keys)


class FakeS3:
    """ListObjects v1 (marker exclusive, byte order), GetObject with NoSuchKey, GetBucketLocation."""

    def __init__(self, objects):
        self._objects = objects

    def get_bucket_location(self, Bucket):
        return {'LocationConstraint': None}

    def get_paginator(self, name):
        assert name == 'list_objects'
        return self

    def paginate(self, Bucket, Marker, Prefix):
        keys = sorted(
            (k for (b, k) in self._objects if b == Bucket and k.startswith(Prefix) and k.encode() > Marker.encode()),
            key=lambda k: k.encode(),
        )
        return FakePages(keys)

    def get_object(self, Bucket, Key):
        found = self._objects.get((Bucket, Key))
        if found is None:
            raise ClientError({'Error': {'Code': 'NoSuchKey', 'Message': 'The specified key does not exist.'}}, 'GetObject')
        body, metadata = found
        return {'Body': io.BytesIO(body), 'Metadata': dict(metadata)}


class FakeClientProvider:
    def __init__(self, s3):
        self._s3 = s3

    def get_client(self, bucket_name):
        return self._s3


class FakeCloudTrail:
    """ListPublicKeys as the CLI sees it: Value stays the wire's base64 text (identity blob parser)."""

    def __init__(self, keys):
        self._keys = keys
        self.calls = []

    def list_public_keys(self, StartTime, EndTime):
        self.calls.append([StartTime.strftime('%Y-%m-%dT%H:%M:%SZ'), EndTime.strftime('%Y-%m-%dT%H:%M:%SZ')])
        start, end = StartTime.timestamp(), EndTime.timestamp()
        return {'PublicKeyList': [k for k in self._keys if k['ValidityStartTime'] < end and k['ValidityEndTime'] > start]}


def main(path):
    with open(path) as f:
        spec = json.load(f)
    objects = {(o['bucket'], o['key']): (base64.b64decode(o['body']), o['metadata']) for o in spec['objects']}
    cmd = CloudTrailValidateLogs(None)
    cmd.handle_args(argparse.Namespace(
        trail_arn=spec['trailArn'], verbose=True, s3_bucket=spec['bucket'], s3_prefix=spec['prefix'],
        account_id=None, start_time=spec['startTime'], end_time=spec['endTime'],
    ))
    cmd._source_region = None
    cmd.s3_client_provider = FakeClientProvider(FakeS3(objects))
    cmd.cloudtrail_client = FakeCloudTrail(spec['publicKeys'])
    cmd.organization_client = None
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        cmd._call()
    invalid = cmd._invalid_digests + cmd._invalid_backfill_digests + cmd._invalid_logs
    json.dump({'stdout': out.getvalue(), 'stderr': err.getvalue(), 'exitCode': 1 if invalid else 0,
               'publicKeyCalls': cmd.cloudtrail_client.calls}, sys.stdout)


if __name__ == '__main__':
    main(sys.argv[1])
