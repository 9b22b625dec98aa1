// An independent verifier for the academy's credentials: Digital Bazaar's VC libraries, offline.
//
// Reads one JSON object on stdin:
//   {"credential": {...}, "documents": {"<DID or URL>": {...}, ...}, "now": "2025-06-01T00:00:00Z"}
// `documents` holds the DID documents and status list credentials the check may load; JSON-LD
// contexts come from the academy's bundled files (certificates/credentials/contexts/), the same
// ones the Python signer reads. Any other URL is refused, so nothing is fetched from the network.
// Prints {"verified": bool, "revoked": bool|null, "errors": [...]} and exits 0 either way. Given an
// array of such objects it checks each and prints an array, so a test pays Node's start-up once.

import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import path from 'node:path';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus as checkBitstringStatus} from '@digitalbazaar/vc-bitstring-status-list';

const here = path.dirname(fileURLToPath(import.meta.url));
const contextsDir = path.resolve(here, '../../../certificates/credentials/contexts');

async function bundledContexts() {
  const index = JSON.parse(await readFile(path.join(contextsDir, 'index.json'), 'utf8'));
  const contexts = new Map();
  for(const [url, file] of Object.entries(index)) {
    contexts.set(url, JSON.parse(await readFile(path.join(contextsDir, file), 'utf8')));
  }
  return contexts;
}

function offlineLoader({contexts, documents}) {
  return async url => {
    if(contexts.has(url)) {
      return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
    }
    const [base, fragment] = url.split('#');
    if(base.startsWith('did:') && documents[base]) {
      const didDocument = documents[base];
      if(fragment === undefined) {
        return {contextUrl: null, documentUrl: url, document: didDocument};
      }
      // A key is loaded on its own, in its DID document's contexts, as did resolvers return it.
      const method = (didDocument.verificationMethod || []).find(m => m.id === url);
      if(!method) {
        throw new Error(`The DID document of ${base} has no key ${url}.`);
      }
      return {
        contextUrl: null,
        documentUrl: url,
        document: {'@context': didDocument['@context'], ...method}
      };
    }
    if(documents[url]) {
      return {contextUrl: null, documentUrl: url, document: documents[url]};
    }
    throw new Error(`The offline loader refuses ${url}: it is not a bundled context or a given document.`);
  };
}

function messages(error) {
  if(!error) {
    return [];
  }
  const list = Array.isArray(error) ? error : [error];
  return list.flatMap(e => (e && e.errors ? messages(e.errors) : [String(e && e.message || e)]));
}

async function check({credential, documents = {}, now}, contexts) {
  const documentLoader = offlineLoader({contexts, documents});
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});

  let revoked = null;
  const checkStatus = async options => {
    const result = await checkBitstringStatus({...options, suite, documentLoader});
    if(result.verified) {
      revoked = result.results.some(entry => entry.status === true);
      if(revoked) {
        return {...result, verified: false, error: new Error('The credential is revoked.')};
      }
    }
    return result;
  };

  let result;
  try {
    result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus, now});
  } catch(error) {
    result = {verified: false, error};
  }
  const errors = [
    ...messages(result.error),
    ...(result.results || []).flatMap(entry => messages(entry.error)),
    ...(result.statusResult ? messages(result.statusResult.error) : []),
    ...((result.statusResult && result.statusResult.results) || []).flatMap(entry => messages(entry.error)),
  ];
  return {verified: result.verified === true, revoked, errors};
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const contexts = await bundledContexts();
  const output = [];
  for(const request of Array.isArray(input) ? input : [input]) {
    output.push(await check(request, contexts));
  }
  process.stdout.write(JSON.stringify(Array.isArray(input) ? output : output[0]) + '\n');
}

main().catch(error => {
  process.stdout.write(JSON.stringify({verified: false, revoked: null, errors: [String(error.stack || error)]}) + '\n');
});
