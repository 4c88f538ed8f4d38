"""SQS consumers of CloudTrail files, as log shippers read them (boto3, endpoint from AWS_ENDPOINT_URL).

  falco    <queue-url>: SNS envelopes of CloudTrail notifications -> Message -> s3Bucket/s3ObjectKey -> GetObject
                        -> gunzip -> Records (as Falco's cloudtrail plugin reads its SQS queue).
  filebeat <queue-url>: S3 event notifications -> Records[].s3 -> GetObject -> Records, deduplicated by eventID
                        (as Filebeat's aws-s3 input reads its SQS queue).

Receives until no log file has come for IDLE seconds (digests keep arriving every digest period), deletes every
message, prints one JSON summary line.
"""
import gzip
import json
import sys
import time
import urllib.parse

import boto3

mode, queue_url = sys.argv[1], sys.argv[2]
idle = float(sys.argv[3]) if len(sys.argv) > 3 else 5.0
sqs = boto3.client("sqs")
s3 = boto3.client("s3")

files, event_ids, request_ids, messages, duplicates = [], [], [], 0, 0
seen = set()


def read_file(bucket, key):
    body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    return json.loads(body).get("Records", [])


def take(records):
    global duplicates
    for r in records:
        if r["eventID"] in seen:
            duplicates += 1
            continue
        seen.add(r["eventID"])
        event_ids.append(r["eventID"])
        request_ids.append(r.get("requestID"))


last = time.time()
while time.time() - last < idle:
    got = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
    before = len(files)
    for m in got:
        messages += 1
        body = json.loads(m["Body"])
        if mode == "falco":
            note = json.loads(body["Message"])
            for key in note["s3ObjectKey"]:
                files.append(key)
                take(read_file(note["s3Bucket"], key))
        else:
            for rec in body.get("Records", []):
                key = urllib.parse.unquote_plus(rec["s3"]["object"]["key"])
                if "/CloudTrail/" not in key:
                    continue  # digests and the test event
                files.append(key)
                take(read_file(rec["s3"]["bucket"]["name"], key))
        sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=m["ReceiptHandle"])
    if len(files) > before:
        last = time.time()

print(json.dumps({"messages": messages, "files": files, "eventIDs": event_ids, "requestIDs": request_ids, "duplicates": duplicates}))
