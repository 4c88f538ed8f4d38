import { composeApp } from '../dist/app/compose.js';
import { loadConfig } from '../dist/config/config.js';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hash } from '@smithy/hash-node';
import { mkdtempSync } from 'node:fs';
import pino from 'pino';
process.env.HSMTRAIL_CLOUDHSM_CLUSTER_QUOTA = '100000';
const dir = mkdtempSync('/tmp/prof-');
const app = composeApp(loadConfig({ dataDir: dir, logLevel: 'silent' }), { logger: pino({ level: 'silent' }) });
const signer = new SignatureV4({ service: 'cloudhsm', region: 'us-east-1', credentials: { accessKeyId: app.account.rootAccessKeyId, secretAccessKey: app.account.rootSecretAccessKey }, sha256: Hash.bind(null, 'sha256') });
const op = process.argv[3] ?? 'DescribeClusters';
const sub = app.db.prepare("SELECT subnet_id FROM ec2_subnets LIMIT 1").pluck();
async function mk(body) {
  const s = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 4599, path: '/', headers: { host: '127.0.0.1:4599', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'BaldrApiService.' + op }, body });
  const headers = {}; for (const [k, v] of Object.entries(s.headers)) headers[k.toLowerCase()] = v;
  return () => ({ method: 'POST', path: '/', query: '', headers, body: Buffer.from(body) });
}
import { ensureDefaultVpc } from '../dist/services/ec2/network.js';
ensureDefaultVpc(app.db, 'us-east-1', app.account.accountId);
await app.gateway.handle((await mk('{}'))(), { sourceIp: '127.0.0.1' });
const acc = {};
const deps = app.gateway.deps;
{ const f = deps.db.exec.bind(deps.db); deps.db.exec = (sql) => { const t = performance.now(); const r = f(sql); const k = 'exec ' + sql.slice(0, 12); acc[k] = (acc[k] ?? 0) + performance.now() - t; return r; }; }
const wrap = (obj, name, label) => { const f = obj[name].bind(obj); obj[name] = (...a) => { const t = performance.now(); const r = f(...a); acc[label] = (acc[label] ?? 0) + performance.now() - t; return r; }; };
wrap(deps.recorder, 'record', 'record');
const svc = deps.services.get('cloudhsmv2');
const opf = svc.operations[op]; svc.operations[op] = (i, c) => { const t = performance.now(); const r = opf(i, c); acc.op = (acc.op ?? 0) + performance.now() - t; return r; };
const body = op === 'CreateCluster' ? JSON.stringify({ HsmType: 'hsm2m.medium', SubnetIds: [] }) : '{}';
let req;
if (op === 'CreateCluster') { const ids = app.db.prepare("SELECT subnet_id FROM ec2_subnets WHERE region='us-east-1' LIMIT 2").pluck().all(); req = await mk(JSON.stringify({ HsmType: 'hsm2m.medium', SubnetIds: ids })); } else req = await mk(body);
const N = Number(process.argv[2] ?? 2000);
const t = performance.now();
for (let i = 0; i < N; i++) { const r = await app.gateway.handle(req(), { sourceIp: '127.0.0.1' }); if (i === 0) console.log(r.status, r.body.toString().slice(0, 200)); }
console.log(op, 'us/req', ((performance.now() - t) * 1000 / N).toFixed(1));
for (const [k, v] of Object.entries(acc)) console.log(k, (v * 1000 / N).toFixed(1));
