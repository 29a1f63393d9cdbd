// An x402 resource server's view of this suite as its facilitator: x402's own npm code, pinned.
// The official client (@x402/evm's ExactEvmScheme) signs a payment for the requirements; the
// official HTTPFacilitatorClient (@x402/core) asks payment-service's /v1/x402 what it supports,
// verifies the payment, a tampered copy, settles it, and settles it again. Prints one JSON line.
//   node x402-facilitator.mjs <facilitatorUrl> <token> <requirementsJson> <payerKey>
// The payer key is a fresh test key on a local chain only.
import { ExactEvmScheme } from '@x402/evm/exact/client';
import { HTTPFacilitatorClient } from '@x402/core/server';
import { privateKeyToAccount } from 'viem/accounts';

const [url, token, requirementsJson, payerKey] = process.argv.slice(2);
const requirements = JSON.parse(requirementsJson);
const created = await new ExactEvmScheme(privateKeyToAccount(payerKey)).createPaymentPayload(2, requirements);
const payment = { x402Version: 2, accepted: requirements, payload: created.payload };
const auth = { headers: { Authorization: `Bearer ${token}` } };
const facilitator = new HTTPFacilitatorClient({
  url,
  createAuthHeaders: async () => ({ verify: auth.headers, settle: auth.headers, supported: auth.headers }),
});
const supported = await facilitator.getSupported();
const verified = await facilitator.verify(payment, requirements);
const raised = structuredClone(payment);
raised.payload.authorization.value = (BigInt(requirements.amount) + 1n).toString();
const tampered = await facilitator.verify(raised, requirements);
const settled = await facilitator.settle(payment, requirements);
const replayed = await facilitator.settle(payment, requirements);
console.log(JSON.stringify({ supported, verified, tampered, settled, replayed, payer: created.payload.authorization.from }));
