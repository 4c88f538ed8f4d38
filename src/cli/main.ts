import { Command, CommanderError } from 'commander';
import { registerServe } from './commands/serve.js';
import { registerCredentials } from './commands/credentials.js';
import { registerAdmin } from './commands/admin.js';
import { registerEvents } from './commands/events.js';
import { registerSql } from './commands/sql.js';
import { registerValidateLogs } from './commands/validate-logs.js';
import { registerConsole } from '../console/cli.js';

// The project supports Node 20; the SDK's NodeVersionSupportWarning (9 lines on every SDK-using command) is
// noise here. AWS's documented opt-out is this variable (aws/aws-sdk-js-v3 issue #7983, "End of Support for
// Node.js 20.x"); it is set for the CLI process only, and a user's own setting wins. The SDK reads it when a
// client is constructed, so setting it before any command runs is enough.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const program = new Command();
program
  .name('hsmtrail')
  .description('Self-hosted CloudHSM v2 control plane and CloudTrail, AWS-wire-compatible')
  .version('0.1.0')
  .showHelpAfterError('(run hsmtrail --help for usage)')
  .exitOverride();

registerServe(program);
registerCredentials(program);
registerAdmin(program);
registerEvents(program);
registerSql(program);
registerValidateLogs(program);
registerConsole(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  process.stderr.write(`hsmtrail: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
