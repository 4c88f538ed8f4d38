/**
 * AWS managed policy documents, as AWS publishes them (statement order and content, default version,
 * dates). ReadOnlyAccess is cut down to the actions of the services hsmtrail hosts (cloudhsm,
 * cloudtrail, s3, iam, sts); its statements and their order are otherwise AWS's.
 * policyId is AWS's where we know it; undefined means AWS's id is unknown to us (managed-policies.ts
 * then assigns a stable hsmtrail id).
 */

export interface ManagedPolicyData {
  name: string;
  policyId: string | undefined;
  defaultVersionId: string;
  createDate: string;
  updateDate: string;
  description: string;
  statements: Record<string, unknown>[];
}

export const MANAGED_POLICY_DATA: readonly ManagedPolicyData[] = [
  {
    name: 'AdministratorAccess',
    policyId: 'ANPAIWMBCKSKIEE64ZLYK',
    defaultVersionId: 'v1',
    createDate: '2015-02-06T18:39:46Z',
    updateDate: '2015-02-06T18:39:46Z',
    description: 'Provides full access to AWS services and resources.',
    statements: [
      {
        "Effect": "Allow",
        "Action": "*",
        "Resource": "*"
      }
    ],
  },
  {
    name: 'ReadOnlyAccess',
    policyId: 'ANPAILL3HVNFSB6DCOWYQ',
    defaultVersionId: 'v182',
    createDate: '2015-02-06T18:39:48Z',
    updateDate: '2026-04-03T15:27:12Z',
    description: 'Provides read-only access to AWS services and resources.',
    statements: [
      {
        "Sid": "ReadOnlyActionsGroup1",
        "Effect": "Allow",
        "Action": [
          "cloudhsm:Describe*",
          "cloudhsm:GetResourcePolicy",
          "cloudhsm:List*",
          "cloudtrail:Describe*",
          "cloudtrail:Get*",
          "cloudtrail:List*",
          "cloudtrail:LookupEvents",
          "iam:Generate*",
          "iam:Get*",
          "iam:List*",
          "iam:Simulate*"
        ],
        "Resource": "*"
      },
      {
        "Sid": "ReadOnlyActionsGroup2",
        "Effect": "Allow",
        "Action": [
          "s3:DescribeJob",
          "s3:Get*",
          "s3:List*",
          "sts:GetAccessKeyInfo",
          "sts:GetCallerIdentity",
          "sts:GetSessionToken"
        ],
        "Resource": "*"
      }
    ],
  },
  {
    name: 'AWSCloudHSMFullAccess',
    policyId: 'ANPAIMBQYQZM7F63DA2UU',
    defaultVersionId: 'v1',
    createDate: '2015-02-06T18:39:51Z',
    updateDate: '2015-02-06T18:39:51Z',
    description: 'Provides full access to all CloudHSM resources.',
    statements: [
      {
        "Effect": "Allow",
        "Action": "cloudhsm:*",
        "Resource": "*"
      }
    ],
  },
  {
    name: 'AWSCloudHSMReadOnlyAccess',
    policyId: 'ANPAISVCBSY7YDBOT67KE',
    defaultVersionId: 'v1',
    createDate: '2015-02-06T18:39:52Z',
    updateDate: '2015-02-06T18:39:52Z',
    description: 'Provides read only access to all CloudHSM resources.',
    statements: [
      {
        "Effect": "Allow",
        "Action": [
          "cloudhsm:Get*",
          "cloudhsm:List*",
          "cloudhsm:Describe*"
        ],
        "Resource": "*"
      }
    ],
  },
  {
    name: 'AWSCloudTrail_FullAccess',
    policyId: undefined,
    defaultVersionId: 'v3',
    createDate: '2020-10-08T23:41:15Z',
    updateDate: '2021-02-22T19:01:00Z',
    description: 'Provides full access to AWS CloudTrail.',
    statements: [
      {
        "Effect": "Allow",
        "Action": [
          "sns:AddPermission",
          "sns:CreateTopic",
          "sns:SetTopicAttributes",
          "sns:GetTopicAttributes"
        ],
        "Resource": [
          "arn:aws:sns:*:*:aws-cloudtrail-logs*"
        ]
      },
      {
        "Effect": "Allow",
        "Action": [
          "sns:ListTopics"
        ],
        "Resource": "*"
      },
      {
        "Effect": "Allow",
        "Action": [
          "s3:CreateBucket",
          "s3:PutBucketPolicy",
          "s3:PutBucketPublicAccessBlock"
        ],
        "Resource": [
          "arn:aws:s3:::aws-cloudtrail-logs*"
        ]
      },
      {
        "Effect": "Allow",
        "Action": [
          "s3:ListAllMyBuckets",
          "s3:GetBucketLocation",
          "s3:GetBucketPolicy"
        ],
        "Resource": "*"
      },
      {
        "Effect": "Allow",
        "Action": "cloudtrail:*",
        "Resource": "*"
      },
      {
        "Effect": "Allow",
        "Action": [
          "logs:CreateLogGroup"
        ],
        "Resource": [
          "arn:aws:logs:*:*:log-group:aws-cloudtrail-logs*"
        ]
      },
      {
        "Effect": "Allow",
        "Action": [
          "iam:ListRoles",
          "iam:GetRolePolicy",
          "iam:GetUser"
        ],
        "Resource": "*"
      },
      {
        "Effect": "Allow",
        "Action": [
          "iam:PassRole"
        ],
        "Resource": "*",
        "Condition": {
          "StringEquals": {
            "iam:PassedToService": "cloudtrail.amazonaws.com"
          }
        }
      },
      {
        "Effect": "Allow",
        "Action": [
          "kms:CreateKey",
          "kms:CreateAlias",
          "kms:ListKeys",
          "kms:ListAliases"
        ],
        "Resource": "*"
      },
      {
        "Effect": "Allow",
        "Action": [
          "lambda:ListFunctions"
        ],
        "Resource": "*"
      },
      {
        "Effect": "Allow",
        "Action": [
          "dynamodb:ListGlobalTables",
          "dynamodb:ListTables"
        ],
        "Resource": "*"
      }
    ],
  },
  {
    name: 'AWSCloudTrail_ReadOnlyAccess',
    policyId: undefined,
    defaultVersionId: 'v1',
    createDate: '2022-06-14T17:19:05Z',
    updateDate: '2022-06-14T17:19:05Z',
    description: 'Provides read only access to AWS CloudTrail.',
    statements: [
      {
        "Effect": "Allow",
        "Action": [
          "cloudtrail:Get*",
          "cloudtrail:Describe*",
          "cloudtrail:List*",
          "cloudtrail:LookupEvents"
        ],
        "Resource": "*"
      }
    ],
  },
  {
    name: 'AmazonS3FullAccess',
    policyId: 'ANPAIFIR6V6BVTRAHWINE',
    defaultVersionId: 'v2',
    createDate: '2015-02-06T18:40:58Z',
    updateDate: '2021-09-27T20:16:37Z',
    description: 'Provides full access to all buckets via the AWS Management Console.',
    statements: [
      {
        "Effect": "Allow",
        "Action": [
          "s3:*",
          "s3-object-lambda:*"
        ],
        "Resource": "*"
      }
    ],
  },
  {
    name: 'AmazonS3ReadOnlyAccess',
    policyId: 'ANPAIZTJ4DXE7G6AGAE6M',
    defaultVersionId: 'v3',
    createDate: '2015-02-06T18:40:59Z',
    updateDate: '2023-08-10T21:31:39Z',
    description: 'Provides read only access to all buckets via the AWS Management Console.',
    statements: [
      {
        "Effect": "Allow",
        "Action": [
          "s3:Get*",
          "s3:List*",
          "s3:Describe*",
          "s3-object-lambda:Get*",
          "s3-object-lambda:List*"
        ],
        "Resource": "*"
      }
    ],
  },
];
