/** The `swarmsim` entry point: run the command line on this process and exit with its code. */
import { nodeCliIo, runCli } from './cli/index.js';

process.exitCode = await runCli(process.argv.slice(2), nodeCliIo());
