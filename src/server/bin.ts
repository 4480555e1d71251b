#!/usr/bin/env node
/**
 * `gs-screen-share-server`, the bin of the gs-screen-share-server package (compiled to JavaScript by
 * `npm run package`): the signalling server with the repository's options (cli.ts, config.ts), serving the files of
 * `--static DIR` when given and none otherwise.
 */
import { main } from './cli.js';

main(undefined);
