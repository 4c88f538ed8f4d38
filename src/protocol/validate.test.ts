import { describe, expect, it } from 'vitest';
import { model as hsm } from './generated/cloudhsmv2.js';
import { model as iam } from './generated/iam.js';
import { compilePattern, validateInput, validateOutput } from './validate.js';

describe('validateInput', () => {
  it('checks enums, numeric ranges and nested list members with Coral paths', () => {
    const problems = validateInput(hsm, 'CreateClusterRequest', {
      HsmType: 'hsm1.medium',
      SubnetIds: ['subnet-0123abcd'],
      BackupRetentionPolicy: { Type: 'WEEKS' },
      TagList: [{ Key: '', Value: 'v' }],
    });
    expect(problems.map((p) => p.message)).toEqual([
      "Value 'WEEKS' at 'backupRetentionPolicy.type' failed to satisfy constraint: Member must satisfy enum value set: [DAYS]",
      "Value '' at 'tagList.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ]);
  });

  it('does not echo sensitive values', () => {
    const [p] = validateInput(iam, 'CreateLoginProfileRequest', { UserName: 'alice', Password: '' });
    expect(p.message).toBe("Value at 'password' failed to satisfy constraint: Member must have length greater than or equal to 1");
  });

  it('compiles Java-style model patterns once, anchored', () => {
    const re = compilePattern('[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*')!;
    expect(re.test('héllo wörld')).toBe(true);
    expect(re.test('a&b')).toBe(false);
    expect(compilePattern('[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*')).toBe(re);
  });
});

describe('validateOutput', () => {
  it('reports wrong types, enums and missing required members in responses', () => {
    const problems = validateOutput(hsm, 'DescribeClustersResponse', {
      Clusters: [
        {
          ClusterId: 'cluster-abcdefghijk',
          State: 'SLEEPING',
          CreateTimestamp: '2026-01-01',
          Hsms: [{ ClusterId: 'cluster-abcdefghijk' }],
        },
      ],
    });
    expect(problems).toEqual([
      "Value '2026-01-01' at 'clusters.1.member.createTimestamp' failed to satisfy constraint: Member must be of type timestamp",
      "Value null at 'clusters.1.member.hsms.1.member.hsmId' failed to satisfy constraint: Member must not be null",
      expect.stringContaining(
        "Value 'SLEEPING' at 'clusters.1.member.state' failed to satisfy constraint: Member must satisfy enum value set",
      ),
    ]);
  });
});
