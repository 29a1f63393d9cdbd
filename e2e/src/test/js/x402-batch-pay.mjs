// A payer's x402 client calling a model through the suite's gateway with `batch-settlement`: x402's
// own npm code, pinned. @x402/fetch with the official BatchSettlementEvmScheme client opens a
// channel with an ERC-3009 deposit (no ETH needed) and pays each call with a cumulative voucher;
// then hostile payloads by hand (a replayed voucher, a voucher for another payee, two vouchers at
// once), a client that lost its state (the corrective 402 resynchronises it), and a cooperative
// refund. Prints one JSON line for the Java test.
//   node x402-batch-pay.mjs <invokeUrl> <payerKey> <rpcUrl> <chainId> <calls> <depositBaseUnits> <bodyJson> <soa> <capPerCall>
// The payer key is a fresh test key on a local chain only.
import { wrapFetchWithPayment, x402Client, decodePaymentResponseHeader } from '@x402/fetch';
import {
  BatchSettlementEvmScheme,
  InMemoryClientChannelStorage,
  computeChannelId,
  signVoucher,
} from '@x402/evm/batch-settlement/client';
import { toClientEvmSigner } from '@x402/evm';
import { decodePaymentRequiredHeader, encodePaymentSignatureHeader } from '@x402/core/http';
import { createPublicClient, defineChain, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

const [url, payerKey, rpcUrl, chainId, calls, deposit, body, soa, cap] = process.argv.slice(2);
const chain = defineChain({
  id: Number(chainId),
  name: 'anvil',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [rpcUrl] } },
});
const signer = toClientEvmSigner(privateKeyToAccount(payerKey), createPublicClient({ chain, transport: http(rpcUrl) }));
// the payer's cap per call; a deposit may be up to 30 calls' worth of it
const scheme = (storage) =>
  new BatchSettlementEvmScheme(signer, { storage, depositPolicy: { depositMultiplier: 30 }, depositStrategy: () => deposit });
const client = (storage) =>
  new x402Client()
    .register('eip155:*', scheme(storage))
    .setSpendControls({ allowedAssets: [{ network: `eip155:${chainId}`, asset: soa, maxAmountPerPayment: cap }] });
const init = (extra = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...extra }, body });
const settled = (r) => {
  const h = r.headers.get('PAYMENT-RESPONSE');
  return h ? decodePaymentResponseHeader(h) : null;
};

const out = { calls: [], hostile: {} };
const storage = new InMemoryClientChannelStorage();
let lastSignature;
const watched = async (request) => {
  lastSignature = request.headers.get('PAYMENT-SIGNATURE') ?? lastSignature;
  return fetch(request);
};
const pay = wrapFetchWithPayment(watched, client(storage));
for (let i = 0; i < Number(calls); i++) {
  const r = await pay(url, init());
  await r.text();
  const s = settled(r);
  out.calls.push({
    status: r.status,
    access: r.headers.get('SOA-Access'),
    requestId: r.headers.get('SOA-Request-Id'),
    transaction: s?.transaction ?? null,
    amount: s?.amount ?? null,
    charged: s?.extra?.chargedAmount ?? null,
    cumulative: s?.extra?.channelState?.chargedCumulativeAmount ?? null,
  });
}

// the last voucher again: that call again, already answered (409), never a second answer
const replay = await fetch(url, init({ 'PAYMENT-SIGNATURE': lastSignature }));
out.hostile.replay = { status: replay.status, type: (await replay.json()).type };

// the same voucher sent to another model's feature price (a different payee): refused
const probe = await fetch(url, init());
await probe.text();
const required = decodePaymentRequiredHeader(probe.headers.get('PAYMENT-REQUIRED'));
const offer = required.accepts.find((a) => a.scheme === 'batch-settlement');
out.offer = offer;
const forged = JSON.parse(Buffer.from(lastSignature, 'base64').toString());
forged.payload.channelConfig.receiver = '0x000000000000000000000000000000000000dEaD';
const other = await fetch(url, init({ 'PAYMENT-SIGNATURE': Buffer.from(JSON.stringify(forged)).toString('base64') }));
out.hostile.otherPayee = { status: other.status, error: decodePaymentRequiredHeader(other.headers.get('PAYMENT-REQUIRED') ?? 'e30=').error };
await other.text();

// two vouchers for the same next call at once: one call is paid, never two
const config = scheme(storage).buildChannelConfig(offer);
const channelId = computeChannelId(config, offer.network);
out.channelId = channelId;
const ctx = await storage.get(channelId.toLowerCase());
const next = (BigInt(ctx.chargedCumulativeAmount) + BigInt(offer.amount)).toString();
const voucher = await signVoucher(signer, channelId, next, offer.network);
const header = encodePaymentSignatureHeader({ x402Version: 2, accepted: offer, payload: { type: 'voucher', channelConfig: config, voucher } });
const both = await Promise.all([0, 1].map(() => fetch(url, init({ 'PAYMENT-SIGNATURE': header }))));
out.hostile.concurrent = await Promise.all(both.map(async (r) => ({ status: r.status, cumulative: settled(r)?.extra?.channelState?.chargedCumulativeAmount ?? null, body: await r.text() })));

// a client that lost its state: an old snapshot of the channel; the corrective 402 resyncs it
const stale = new InMemoryClientChannelStorage();
await stale.set(channelId.toLowerCase(), { chargedCumulativeAmount: '0', balance: deposit });
const recovered = wrapFetchWithPayment(fetch, client(stale));
const again = await recovered(url, init());
await again.text();
out.recovered = { status: again.status, cumulative: settled(again)?.extra?.channelState?.chargedCumulativeAmount ?? null };

// a cooperative refund of what is left, through the gateway (GET with a refund payload)
out.refund = await scheme(stale).refund(url);
console.log(JSON.stringify(out, (k, x) => (typeof x === 'bigint' ? x.toString() : x)));
