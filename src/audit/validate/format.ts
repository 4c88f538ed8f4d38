import type { Count, ValidationReport } from './report.js';

/** awscli's startup line (followed by a blank line). */
export function startupText(report: Pick<ValidationReport, 'trailArn' | 'requestedStart' | 'requestedEnd'>): string {
  return `Validating log files for trail ${report.trailArn} between ${report.requestedStart} and ${report.requestedEnd}\n\n`;
}

/** awscli's closing summary, from "Results requested for" to the final newline. */
export function summaryText(report: ValidationReport): string {
  let text = `Results requested for ${report.requestedStart} to ${report.requestedEnd}\n`;
  const { digests, backfillDigests, logFiles } = report.summary;
  if (digests.total + backfillDigests.total === 0) return `${text}No digests found\n`;
  text +=
    report.foundStart && report.foundEnd
      ? `Results found for ${report.foundStart} to ${report.foundEnd}:\n`
      : 'No valid digests found in range\n';
  text += ratio(digests, 'digest') + ratio(backfillDigests, 'backfill digest') + ratio(logFiles, 'log');
  return `${text}\n`;
}

function ratio({ valid, invalid, total }: Count, name: string): string {
  if (total === 0) return '';
  return `\n${valid}/${total} ${name} files valid${invalid > 0 ? `, ${invalid}/${total} ${name} files INVALID` : ''}`;
}
