#!/usr/bin/env node
import { exitQuietlyWhenStdoutCloses } from '../src/cli/output.js';
import { runCli } from '../src/cli/program.js';

exitQuietlyWhenStdoutCloses();
process.exitCode = await runCli(process.argv.slice(2));
