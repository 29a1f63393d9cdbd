// x402's own `batch-settlement` code against our X402BatchSettlement and ERC3009DepositCollector
// on anvil: the official client (@x402/evm's BatchSettlementEvmScheme) opens a channel with an
// ERC-3009 deposit and signs cumulative vouchers; the official facilitator verifies them, deposits,
// claims the latest voucher with the receiver authorizer's signature, settles to the receiver and
// refunds the rest. Hostile payloads go through the same verify. Prints one JSON object.
//   node x402-batch.mjs <rpcUrl> <chainId> <asset> <payTo> <amount> <calls> <payerKey> <facilitatorKey> <authorizerKey>
// The keys are anvil's well-known dev accounts or fresh test keys: local chains only.
import { BatchSettlementEvmScheme } from '@x402/evm/batch-settlement/client';
import { BatchSettlementEvmScheme as BatchFacilitator } from '@x402/evm/batch-settlement/facilitator';
import { toClientEvmSigner, toFacilitatorEvmSigner } from '@x402/evm';
import { createPublicClient, createWalletClient, defineChain, http, publicActions } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

const [rpcUrl, chainId, asset, payTo, amount, calls, payerKey, facilitatorKey, authorizerKey] =
  process.argv.slice(2);
const chain = defineChain({
  id: Number(chainId),
  name: 'anvil',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [rpcUrl] } },
});
const publicClient = createPublicClient({ chain, transport: http(rpcUrl) });
const authorizer = privateKeyToAccount(authorizerKey);
const requirements = {
  scheme: 'batch-settlement',
  network: `eip155:${chainId}`,
  amount,
  asset,
  payTo,
  maxTimeoutSeconds: 120,
  extra: { receiverAuthorizer: authorizer.address, withdrawDelay: 900, name: 'SOA', version: '1' },
};

const payer = privateKeyToAccount(payerKey);
const client = new BatchSettlementEvmScheme(toClientEvmSigner(payer, publicClient));
const facilitatorAccount = privateKeyToAccount(facilitatorKey);
const wallet = createWalletClient({ account: facilitatorAccount, chain, transport: http(rpcUrl) })
  .extend(publicActions);
const facilitator = new BatchFacilitator(
  toFacilitatorEvmSigner({ ...wallet, address: facilitatorAccount.address }, { confirmationTimeoutMs: 30_000 }),
  authorizer,
);
const envelope = (created) => ({ x402Version: 2, accepted: requirements, payload: created.payload });
let charged = 0n;
// what a server does after each paid call: tell the client what it was charged
const answered = async (payment, settle) => {
  charged += BigInt(amount);
  await client.schemeHooks.onPaymentResponse({
    paymentPayload: payment,
    requirements,
    settleResponse: {
      success: true,
      transaction: settle?.transaction ?? '',
      network: requirements.network,
      extra: { chargedAmount: amount, channelState: { chargedCumulativeAmount: charged.toString() } },
    },
  });
};

const out = { payer: payer.address, vouchers: 0, hostile: {} };
const first = envelope(await client.createPaymentPayload(2, requirements));
out.firstType = first.payload.type;
out.depositVerified = await facilitator.verify(first, requirements);
out.deposited = await facilitator.settle(first, requirements);
out.deposits = [first.payload.deposit.amount];
await answered(first, out.deposited);
let last = first;
for (let i = 1; i < Number(calls); i++) {
  const p = envelope(await client.createPaymentPayload(2, requirements));
  const v = await facilitator.verify(p, requirements);
  if (!v.isValid) throw new Error(`voucher ${i} (${p.payload.type}, deposits ${out.deposits}): ${JSON.stringify(v)}`);
  if (p.payload.type === 'deposit') { // a top-up
    out.deposits.push(p.payload.deposit.amount);
    const s = await facilitator.settle(p, requirements);
    if (!s.success) throw new Error(`top-up ${i}: ${JSON.stringify(s)}`);
    await answered(p, s);
  } else {
    out.vouchers += 1;
    await answered(p, null);
  }
  last = p;
}
const channel = last.payload.channelConfig;
const voucher = last.payload.voucher;
out.channelId = voucher.channelId;
out.maxClaimable = voucher.maxClaimableAmount;

// hostile: above the deposit, a forged channel, another payee, another chain
const tamper = (f) => { const p = structuredClone(last); f(p); return p; };
out.hostile.aboveDeposit = await facilitator.verify(
  tamper((p) => { p.payload.voucher.maxClaimableAmount = (10n ** 30n).toString(); }), requirements);
out.hostile.otherChannel = await facilitator.verify(
  tamper((p) => { p.payload.channelConfig.salt = `0x${'11'.repeat(32)}`; }), requirements);
out.hostile.otherPayee = await facilitator.verify(last, { ...requirements, payTo: facilitatorAccount.address });
out.hostile.otherChain = await facilitator.verify(
  tamper((p) => { p.accepted = { ...requirements, network: 'eip155:1' }; }),
  { ...requirements, network: 'eip155:1' });
out.hostile.replayedDeposit = await facilitator.settle(first, requirements).catch((e) => ({ success: false, errorReason: String(e) }));

out.claimed = await facilitator.settle({
  x402Version: 2, accepted: requirements,
  payload: {
    type: 'claim',
    claims: [{ voucher: { channel, maxClaimableAmount: voucher.maxClaimableAmount }, signature: voucher.signature, totalClaimed: voucher.maxClaimableAmount }],
  },
}, requirements);
out.settled = await facilitator.settle({
  x402Version: 2, accepted: requirements, payload: { type: 'settle', receiver: payTo, token: asset },
}, requirements);
const zeroCharge = await client.createPaymentPayload(2, requirements); // signs charged + amount:
const refundVoucher = { ...zeroCharge.payload.voucher };
// a refund's voucher is zero-charge: the client's refund() signs it at chargedCumulativeAmount
const { signVoucher } = await import('@x402/evm/batch-settlement/client');
const zero = await signVoucher(toClientEvmSigner(payer, publicClient), voucher.channelId, charged.toString(), requirements.network);
out.refunded = await facilitator.settle({
  x402Version: 2, accepted: requirements,
  payload: {
    type: 'refund', channelConfig: channel, voucher: zero,
    amount: (10n ** 30n).toString(), refundNonce: '0', claims: [],
  },
}, requirements);
out.unusedVoucher = refundVoucher.maxClaimableAmount;
const json = (v) => JSON.parse(JSON.stringify(v, (k, x) => (typeof x === 'bigint' ? x.toString() : x)));
console.log(JSON.stringify(json(out)));
