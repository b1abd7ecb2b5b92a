#!/usr/bin/env node
'use strict';
// The `drover` command. The TypeScript core is compiled to dist/ by `npm run build`.
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'main', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(
    'drover: not built yet; run `npm run build` in ' + path.dirname(__dirname) + '\n',
  );
  process.exit(1);
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error) => {
    process.stderr.write('drover: ' + (error && error.stack ? error.stack : String(error)) + '\n');
    process.exitCode = 1;
  });
