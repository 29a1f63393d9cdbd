// A payer's x402 client calling a model through the suite's gateway: x402's own npm code, pinned.
// @x402/fetch wraps fetch: the first call gets 402 with PAYMENT-REQUIRED, the official exact client
// signs the ERC-3009 authorization it offers (within the payer's spend cap for $SOA), the call is
// sent again with PAYMENT-SIGNATURE, and PAYMENT-RESPONSE tells the settlement. Then the same
// PAYMENT-SIGNATURE is replayed by hand. Prints one JSON line for the Java test.
//   node x402-pay.mjs <invokeUrl> <payerKey> <soaAddress> <capBaseUnits> <bodyJson>
// The payer key is a fresh test key on a local chain only.
import { wrapFetchWithPayment, x402Client, decodePaymentResponseHeader } from '@x402/fetch';
import { ExactEvmScheme } from '@x402/evm/exact/client';
import { privateKeyToAccount } from 'viem/accounts';

const [url, payerKey, soa, cap, body] = process.argv.slice(2);
const client = new x402Client()
  .register('eip155:*', new ExactEvmScheme(privateKeyToAccount(payerKey)))
  .setSpendControls({ allowedAssets: [{ network: 'eip155:31337', asset: soa, maxAmountPerPayment: cap }] });
let signature;
const watched = async (request) => {
  signature = request.headers.get('PAYMENT-SIGNATURE') ?? signature;
  return fetch(request);
};
const pay = wrapFetchWithPayment(watched, client);
const init = () => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body });
const paid = await pay(url, init());
const answer = await paid.text();
const header = paid.headers.get('PAYMENT-RESPONSE');
const again = init();
again.headers['PAYMENT-SIGNATURE'] = signature;
const replay = await fetch(url, again);
console.log(JSON.stringify({
  status: paid.status,
  answer,
  requestId: paid.headers.get('SOA-Request-Id'),
  access: paid.headers.get('SOA-Access'),
  settled: header ? decodePaymentResponseHeader(header) : null,
  replayStatus: replay.status,
  replay: await replay.json(),
}));
