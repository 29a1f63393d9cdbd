// What an x402 client discovers at the gateway: x402's own Bazaar client, pinned
// (@x402/extensions), over x402's HTTPFacilitatorClient pointed at <gateway>/v1/x402.
// Prints the whole listing, page by page, as one JSON line.
//   node x402-discovery.mjs <gatewayUrl>
import { withBazaar } from '@x402/extensions/bazaar';
import { HTTPFacilitatorClient } from '@x402/core/server';

const [gateway] = process.argv.slice(2);
const client = withBazaar(new HTTPFacilitatorClient({ url: `${gateway}/v1/x402` }));
// every page, as a client walking the listing does
const first = await client.extensions.bazaar.listResources({ type: 'http', limit: 100 });
const items = [...first.items];
while (items.length < first.pagination.total) {
  const next = await client.extensions.bazaar.listResources({ type: 'http', limit: 100, offset: items.length });
  if (next.items.length === 0) break;
  items.push(...next.items);
}
console.log(JSON.stringify({ x402Version: first.x402Version, pagination: first.pagination, items }));
