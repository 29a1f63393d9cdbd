package io.soa.catalog.service;

import io.smallrye.mutiny.Uni;
import io.soa.catalog.repository.MarketColumns;
import io.soa.catalog.repository.MarketRows;
import io.soa.catalog.repository.MarketRows.Ref;
import io.soa.events.ChainEvent;
import io.soa.events.catalog.ListingChanged;
import io.soa.events.catalog.TokenSold;
import io.soa.events.chain.Sold;
import io.soa.platform.chain.ChainContracts;
import io.soa.platform.outbox.Outbox;
import io.soa.platform.types.Address;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * What the market mirror says (ListingChanged, TokenSold through the outbox, ids derived from the
 * chain event's) and the model's search columns it keeps with each, in the mirror's transaction.
 */
final class MarketEvents {
  private final Outbox outbox;
  private final ChainContracts chain;

  MarketEvents(Outbox outbox, ChainContracts chain) {
    this.outbox = outbox;
    this.chain = chain;
  }

  /** The catalog model of an on-chain model id, null when the catalog has none. */
  private Uni<UUID> catalogModel(SqlConnection tx, long chainId, String modelToken) {
    if (modelToken == null) {
      return Uni.createFrom().nullItem();
    }
    return MarketRows.catalogModel(tx, chainId, chain.modelRegistry(), modelToken);
  }

  /** Says how the listing now stands, and keeps the model's search columns. */
  Uni<Void> listingChanged(
      SqlConnection tx,
      String causeId,
      Ref ref,
      String modelToken,
      String seller,
      String price,
      String status,
      ChainEvent cause) {
    return catalogModel(tx, ref.chainId(), modelToken)
        .flatMap(
            model ->
                outbox.add(
                    tx,
                    Outbox.derivedId(causeId, ListingChanged.TYPE),
                    new ListingChanged(
                        model == null ? null : model.toString(),
                        ref.chainId(),
                        ref.marketplace(),
                        ref.listingId(),
                        MarketMirror.kind(chain, ref.collection()),
                        ref.collection(),
                        ref.tokenId(),
                        seller,
                        price,
                        status,
                        cause.txHash().toLowerCase(Locale.ROOT),
                        cause.blockNumber())))
        .flatMap(x -> MarketColumns.refresh(tx, chain.modelRegistry(), ref.chainId(), modelToken));
  }

  /** Says the token was sold (or, {@code reverted}, that the sale is undone). */
  Uni<Void> tokenSold(
      SqlConnection tx,
      String causeId,
      Ref ref,
      String kind,
      String modelToken,
      Sold s,
      OffsetDateTime time,
      boolean reverted) {
    return catalogModel(tx, ref.chainId(), modelToken)
        .flatMap(
            model ->
                outbox.add(
                    tx,
                    Outbox.derivedId(causeId, TokenSold.TYPE),
                    new TokenSold(
                        model == null ? null : model.toString(),
                        ref.chainId(),
                        ref.marketplace(),
                        ref.listingId(),
                        kind,
                        ref.collection(),
                        ref.tokenId(),
                        Address.of(s.seller()).value(),
                        Address.of(s.buyer()).value(),
                        s.price(),
                        Address.of(s.royaltyReceiver()).value(),
                        s.royalty(),
                        s.fee(),
                        s.txHash().toLowerCase(Locale.ROOT),
                        s.blockNumber(),
                        DateTimeFormatter.ISO_INSTANT.format(time.toInstant()),
                        reverted)))
        .flatMap(x -> MarketColumns.refresh(tx, chain.modelRegistry(), ref.chainId(), modelToken));
  }
}
