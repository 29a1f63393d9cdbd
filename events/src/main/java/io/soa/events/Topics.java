package io.soa.events;

import java.util.List;

/** Kafka topic names: the contract analytics consumers subscribe to (DESIGN §4). */
public final class Topics {
  private Topics() {}

  /** Model registry logs; key = on-chain model id. */
  public static final String CHAIN_MODELS = "soa.chain.models.v1";

  /** Licence token logs; key = on-chain model id. */
  public static final String CHAIN_LICENSES = "soa.chain.licenses.v1";

  /** Marketplace logs; key = collection:tokenId. */
  public static final String CHAIN_MARKET = "soa.chain.market.v1";

  /** Usage escrow logs; key = channel id. */
  public static final String CHAIN_ESCROW = "soa.chain.escrow.v1";

  /** Catalog model events; key = catalog model id (UUID). */
  public static final String CATALOG_MODELS = "soa.catalog.models.v1";

  /** Catalog market events (listings and sales); key = collection:tokenId. */
  public static final String CATALOG_MARKET = "soa.catalog.market.v1";

  /** Licence entitlements; key = licence id. */
  public static final String LICENSING_ENTITLEMENTS = "soa.licensing.entitlements.v1";

  /** Access decisions; key = model id. */
  public static final String LICENSING_ACCESS = "soa.licensing.access.v1";

  /** Voucher charges; key = channel id. */
  public static final String PAYMENTS_CHARGES = "soa.payments.charges.v1";

  /** Settlement batches; key = batch id. */
  public static final String PAYMENTS_SETTLEMENTS = "soa.payments.settlements.v1";

  /** What each topic's records are keyed (and so partitioned and ordered) by. */
  public static final java.util.Map<String, String> KEYS =
      java.util.Map.of(
          CHAIN_MODELS,
          "on-chain model id (decimal); registry-wide events: the account or contract",
          CHAIN_LICENSES,
          "on-chain model id of the licence's model (decimal); contract-wide events: the account or contract",
          CHAIN_MARKET,
          "collection:tokenId of the listed token; $SOA transfers: the counterparty address",
          CHAIN_ESCROW,
          "channel id (decimal; an x402 batch-settlement channel's: its bytes32 hex); deposits and"
              + " withdrawals: the account; x402 settles: the receiver",
          CATALOG_MODELS,
          "catalog model id (UUID)",
          CATALOG_MARKET,
          "collection:tokenId of the listed token",
          LICENSING_ENTITLEMENTS,
          "licence id",
          LICENSING_ACCESS,
          "model id",
          PAYMENTS_CHARGES,
          "channel id",
          PAYMENTS_SETTLEMENTS,
          "settlement batch id");

  /** The indexer's topics: every one gets each {@code ChainReorganized}. */
  public static final List<String> CHAIN =
      List.of(CHAIN_MODELS, CHAIN_LICENSES, CHAIN_MARKET, CHAIN_ESCROW);

  /** Every topic of the suite, created by the local stack at start. */
  public static final List<String> ALL =
      List.of(
          CHAIN_MODELS,
          CHAIN_LICENSES,
          CHAIN_MARKET,
          CHAIN_ESCROW,
          CATALOG_MODELS,
          CATALOG_MARKET,
          LICENSING_ENTITLEMENTS,
          LICENSING_ACCESS,
          PAYMENTS_CHARGES,
          PAYMENTS_SETTLEMENTS);
}
