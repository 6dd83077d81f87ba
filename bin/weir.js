#!/usr/bin/env node
import { main } from '../dist/src/cli/main.js';

process.setSourceMapsEnabled(true);
// Exit explicitly: a program's main may leave timers behind once its jobs are done.
process.exit(await main(process.argv.slice(2)));
