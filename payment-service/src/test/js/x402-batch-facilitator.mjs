// Another x402 resource server using this suite as its batch-settlement facilitator: x402's own
// npm code, pinned. The official client (@x402/evm's BatchSettlementEvmScheme) deposits and signs
// vouchers; the official HTTPFacilitatorClient (@x402/core) asks payment-service's /v1/x402 what
// it supports, verifies and settles the deposit, verifies a voucher, then settles the server's
// claim, its settle and a refund, and a few hostile payloads. Prints one JSON line.
//   node x402-batch-facilitator.mjs <facilitatorUrl> <token> <requirementsJson> <payerKey> <rpcUrl> <chainId>
// The payer key is a fresh test key on a local chain only.
import { BatchSettlementEvmScheme, signVoucher } from '@x402/evm/batch-settlement/client';
import { toClientEvmSigner } from '@x402/evm';
import { HTTPFacilitatorClient } from '@x402/core/server';
import { createPublicClient, defineChain, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

const [url, token, requirementsJson, payerKey, rpcUrl, chainId] = process.argv.slice(2);
const chain = defineChain({
  id: Number(chainId),
  name: 'anvil',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [rpcUrl] } },
});
const headers = { Authorization: `Bearer ${token}` };
const facilitator = new HTTPFacilitatorClient({
  url,
  createAuthHeaders: async () => ({ verify: headers, settle: headers, supported: headers }),
});
const supported = await facilitator.getSupported();
const kind = supported.kinds.find((k) => k.scheme === 'batch-settlement');
const requirements = JSON.parse(requirementsJson);
requirements.extra.receiverAuthorizer = kind.extra.receiverAuthorizer; // delegated to it

const signer = toClientEvmSigner(privateKeyToAccount(payerKey), createPublicClient({ chain, transport: http(rpcUrl) }));
const client = new BatchSettlementEvmScheme(signer, { depositStrategy: ({ requestAmount }) => (BigInt(requestAmount) * 10n).toString() });
const envelope = (created) => ({ x402Version: 2, accepted: requirements, payload: created.payload });
const out = { supported: kind };

const deposit = envelope(await client.createPaymentPayload(2, requirements));
out.depositVerified = await facilitator.verify(deposit, requirements);
out.deposited = await facilitator.settle(deposit, requirements);
out.depositReplayed = await facilitator.settle(deposit, requirements).catch((e) => ({ success: false, errorReason: String(e) }));
await client.schemeHooks.onPaymentResponse({
  paymentPayload: deposit,
  requirements,
  settleResponse: { success: true, transaction: out.deposited.transaction, network: requirements.network,
    extra: { chargedAmount: requirements.amount, channelState: { chargedCumulativeAmount: requirements.amount } } },
});
const voucher = envelope(await client.createPaymentPayload(2, requirements));
out.voucherVerified = await facilitator.verify(voucher, requirements);

const config = voucher.payload.channelConfig;
const v = voucher.payload.voucher;
const row = (total) => ({ voucher: { channel: config, maxClaimableAmount: v.maxClaimableAmount }, signature: v.signature, totalClaimed: total });
const claimOf = (rows) => ({ x402Version: 2, accepted: requirements, payload: { type: 'claim', claims: rows } });
out.claimAbove = await facilitator.settle(claimOf([row((BigInt(v.maxClaimableAmount) + 1n).toString())]), requirements).catch((e) => ({ success: false, errorReason: String(e) }));
out.claimed = await facilitator.settle(claimOf([row(v.maxClaimableAmount)]), requirements);
const sweep = { x402Version: 2, accepted: requirements, payload: { type: 'settle', receiver: requirements.payTo, token: requirements.asset } };
out.settled = await facilitator.settle(sweep, requirements);
out.settledAgain = await facilitator.settle(sweep, requirements).catch((e) => ({ success: false, errorReason: String(e) }));
const zero = await signVoucher(signer, v.channelId, v.maxClaimableAmount, requirements.network);
out.refunded = await facilitator.settle({
  x402Version: 2, accepted: requirements,
  payload: { type: 'refund', channelConfig: config, voucher: zero, amount: (10n ** 30n).toString(), refundNonce: '0', claims: [] },
}, requirements);
out.channelId = v.channelId;
out.maxClaimable = v.maxClaimableAmount;
out.deposit = deposit.payload.deposit.amount;
console.log(JSON.stringify(out, (k, x) => (typeof x === 'bigint' ? x.toString() : x)));
