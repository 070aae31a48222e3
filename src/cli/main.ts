// `kuroshio` command line. Every failure is one line on stderr and a non-zero exit:
// 1 for bad input (flags, files), 2 for a replay whose hashes do not match.
import { Command, CommanderError } from 'commander';
import { UsageError } from './errors.ts';
import { registerValidate } from './validate.ts';
import { registerRun } from './run.ts';
import { registerReplay } from './replay.ts';
import { registerCompare } from './compare.ts';
import { registerReport } from './report.ts';

const program = new Command();
program
  .name('kuroshio')
  .description('Kuroshio: seeded crisis wargame of the Senkakus and Taiwan, where the US-Japan command arrangement is the variable.')
  .version('0.1.0')
  .showHelpAfterError('(run kuroshio --help for usage)')
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });

registerValidate(program);
registerRun(program);
registerReplay(program);
registerCompare(program);
registerReport(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 1;
  } else if (error instanceof UsageError) {
    process.stderr.write(`kuroshio: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`kuroshio: internal error: ${message.split('\n')[0]} (please report this with the command you ran)\n`);
    process.exitCode = 70;
  }
}
