// A licence holder's x402 client at the gateway: x402's own sign-in-with-x code, pinned
// (@x402/extensions). wrapFetchWithSIWx gets the 402, signs the challenge its PAYMENT-REQUIRED
// carries with the holder's wallet (viem, EIP-191) and sends the call again with the
// sign-in-with-x header; then that same header is replayed by hand. Prints one JSON line.
//   node x402-siwx.mjs <invokeUrl> <walletKey>
// The wallet key is one of anvil's well-known dev keys or a fresh one: local tests only.
import { wrapFetchWithSIWx } from '@x402/extensions/sign-in-with-x';
import { privateKeyToAccount } from 'viem/accounts';

const [url, key] = process.argv.slice(2);
let header;
const watched = async (request) => {
  header = request.headers.get('sign-in-with-x') ?? header;
  return fetch(request);
};
const call = wrapFetchWithSIWx(watched, privateKeyToAccount(key));
const init = () => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text": "Hi."}' });
const served = await call(url, init());
const answer = await served.text();
const replayInit = init();
replayInit.headers['sign-in-with-x'] = header;
const replay = await fetch(url, replayInit);
console.log(JSON.stringify({
  status: served.status,
  access: served.headers.get('SOA-Access'),
  licenseId: served.headers.get('SOA-License-Id'),
  signed: header !== undefined,
  answer,
  replayStatus: replay.status,
  replay: await replay.json(),
}));
