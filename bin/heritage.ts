#!/usr/bin/env node
import { exitQuietlyWhenStdoutCloses } from '../src/entry/cli/output.js';
import { runCli } from '../src/entry/cli/program.js';

exitQuietlyWhenStdoutCloses();
process.exitCode = await runCli(process.argv.slice(2));
