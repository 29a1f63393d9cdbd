// A resource server built from x402's own npm packages (@x402/express's paymentMiddleware,
// @x402/evm's exact server scheme, @x402/core's HTTPFacilitatorClient), pinned: GET /weather is sold
// for <amount> base units of the token <asset> (an ERC-3009 token whose EIP-712 domain is SOA/1) to
// <payTo> on the local chain, verified and settled by the facilitator at <facilitatorUrl> (the
// suite's payment-service). The Java client pays it in the e2e tests. Prints {"port": N} once
// listening.
//   node x402-express-server.mjs <facilitatorUrl> <token> <payTo> <asset> <amount>
import express from 'express';
import { paymentMiddleware, x402ResourceServer } from '@x402/express';
import { ExactEvmScheme } from '@x402/evm/exact/server';
import { HTTPFacilitatorClient } from '@x402/core/server';

const [facilitatorUrl, token, payTo, asset, amount] = process.argv.slice(2);
const auth = { Authorization: `Bearer ${token}` };
const facilitator = new HTTPFacilitatorClient({
  url: facilitatorUrl,
  createAuthHeaders: async () => ({ verify: auth, settle: auth, supported: auth }),
});
const server = new x402ResourceServer(facilitator).register('eip155:31337', new ExactEvmScheme());
const app = express();
app.use(
  paymentMiddleware(
    {
      'GET /weather': {
        accepts: {
          scheme: 'exact',
          price: { amount, asset, extra: { name: 'SOA', version: '1' } },
          network: 'eip155:31337',
          payTo,
        },
        description: 'The weather, one reading',
      },
    },
    server,
  ),
);
app.get('/weather', (req, res) => res.json({ weather: 'sunny', reading: Date.now() }));
const listener = app.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: listener.address().port }));
});
