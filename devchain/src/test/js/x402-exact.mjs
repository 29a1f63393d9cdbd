// x402's own `exact` scheme code paying in $SOA on anvil: the official client (@x402/evm's
// ExactEvmScheme, as @x402/fetch runs it) signs an ERC-3009 authorization from the 402's
// requirements; the official facilitator verifies and settles it; then the same payload again, and
// a payload whose amount was raised after signing. Prints one JSON object for the Java test.
//   node x402-exact.mjs <rpcUrl> <chainId> <asset> <payTo> <amount> <payerKey> <facilitatorKey>
// The keys are anvil's well-known dev accounts or fresh test keys: local chains only.
import { ExactEvmScheme } from '@x402/evm/exact/client';
import { ExactEvmScheme as ExactFacilitator } from '@x402/evm/exact/facilitator';
import { toFacilitatorEvmSigner } from '@x402/evm';
import { createWalletClient, defineChain, http, publicActions } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

const [rpcUrl, chainId, asset, payTo, amount, payerKey, facilitatorKey] = process.argv.slice(2);
const chain = defineChain({
  id: Number(chainId),
  name: 'anvil',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: [rpcUrl] } },
});

// what our gateway's 402 offers per feature (issue 28): the token's EIP-712 domain in `extra`
const requirements = {
  scheme: 'exact',
  network: `eip155:${chainId}`,
  amount,
  asset,
  payTo,
  maxTimeoutSeconds: 60,
  extra: { name: 'SOA', version: '1' },
};

const payer = privateKeyToAccount(payerKey);
const created = await new ExactEvmScheme(payer).createPaymentPayload(2, requirements);
const payment = { x402Version: 2, accepted: requirements, payload: created.payload };

const facilitatorAccount = privateKeyToAccount(facilitatorKey);
const client = createWalletClient({ account: facilitatorAccount, chain, transport: http(rpcUrl) })
  .extend(publicActions);
const facilitator = new ExactFacilitator(
  toFacilitatorEvmSigner({ ...client, address: facilitatorAccount.address }, { confirmationTimeoutMs: 30_000 }),
);

const raised = structuredClone(payment);
raised.payload.authorization.value = (BigInt(amount) + 1n).toString();
raised.accepted = { ...requirements, amount: raised.payload.authorization.value };
const tampered = await facilitator.verify(raised, raised.accepted);

const verified = await facilitator.verify(payment, requirements);
const settled = await facilitator.settle(payment, requirements);
const replayVerified = await facilitator.verify(payment, requirements);
const replaySettled = await facilitator.settle(payment, requirements).catch((e) => ({ success: false, errorReason: String(e) }));

const json = (v) => JSON.parse(JSON.stringify(v, (k, x) => (typeof x === 'bigint' ? x.toString() : x)));
console.log(JSON.stringify(json({
  payer: payer.address,
  nonce: payment.payload.authorization.nonce,
  tampered,
  verified,
  settled,
  replayVerified,
  replaySettled,
})));
