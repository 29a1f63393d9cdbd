// An x402 v1 client calling a model through the suite's gateway: x402's own npm code, pinned.
// A v1 client reads the offer from the 402's body (x402Version 1, accepts), not from v2's
// PAYMENT-REQUIRED header; the official v1 exact client signs the ERC-3009 authorization it
// offers (within the payer's spend cap for $SOA), the call is sent again with X-PAYMENT, and
// X-PAYMENT-RESPONSE tells the settlement. Then the same X-PAYMENT is replayed. Prints one JSON line for the Java test.
//   node x402-pay-v1.mjs <invokeUrl> <payerKey> <soaAddress> <capBaseUnits> <bodyJson>
// The payer key is a fresh test key on a local chain only.
import { x402Client, x402HTTPClient } from '@x402/core/client';
import { ExactEvmSchemeV1, EVM_NETWORK_CHAIN_ID_MAP } from '@x402/evm/v1';
import { privateKeyToAccount } from 'viem/accounts';

const [url, payerKey, soa, cap, body] = process.argv.slice(2);
// v1 names networks; a chain v1 has no name for is named by its CAIP-2 id, which the v1 client's
// public table of networks is told here (the local chain only)
EVM_NETWORK_CHAIN_ID_MAP['eip155:31337'] = 31337;
const client = new x402Client()
  .registerV1('eip155:31337', new ExactEvmSchemeV1(privateKeyToAccount(payerKey)))
  .setSpendControls({ allowedAssets: [{ network: 'eip155:31337', asset: soa, maxAmountPerPayment: cap }] });
const http = new x402HTTPClient(client);
const init = (headers = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body,
});
const offered = await fetch(url, init());
const required = http.getPaymentRequiredResponse(() => null, await offered.json());
const payment = http.encodePaymentSignatureHeader(await http.createPaymentPayload(required));
const paid = await fetch(url, init(payment));
const answer = await paid.text();
const replay = await fetch(url, init(payment));
console.log(JSON.stringify({
  offeredStatus: offered.status,
  sentHeaders: Object.keys(payment),
  status: paid.status,
  answer,
  requestId: paid.headers.get('SOA-Request-Id'),
  access: paid.headers.get('SOA-Access'),
  v2Response: paid.headers.get('PAYMENT-RESPONSE'),
  v1Response: paid.headers.get('X-PAYMENT-RESPONSE') !== null,
  settled: paid.ok ? http.getPaymentSettleResponse((h) => paid.headers.get(h)) : null,
  replayStatus: replay.status,
  replay: await replay.json(),
}));
