package io.soa.catalog.service;

import io.smallrye.mutiny.Uni;
import io.soa.catalog.repository.LicenceRows;
import io.soa.catalog.repository.MarketColumns;
import io.soa.events.ChainEvent;
import io.soa.events.chain.LicensePurchased;
import io.soa.events.chain.LicenseTransferred;
import io.soa.events.chain.TierCreated;
import io.soa.events.chain.TierUpdated;
import io.soa.platform.chain.ChainContracts;
import io.soa.platform.types.Address;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The licence token's half of {@link MarketMirror}: tiers (and their activations), licences and
 * their holders, in the market mirror's transaction. Rows are keyed by the event that made them, so
 * a retraction undoes exactly that ({@link LicenceRows}); holder changes refresh the model's search
 * columns.
 */
final class LicenceMirror {
  private static final String ZERO = "0x0000000000000000000000000000000000000000";

  private final ChainContracts chain;

  LicenceMirror(ChainContracts chain) {
    this.chain = chain;
  }

  /** Applies a licence-token event {@code e} whose id is {@code id}. */
  Uni<Void> apply(SqlConnection tx, String id, ChainEvent e) {
    return switch (e) {
      case TierCreated t -> LicenceRows.tierCreated(tx, id, t);
      case TierUpdated u -> LicenceRows.tierUpdated(tx, id, u);
      case LicensePurchased p ->
          LicenceRows.purchased(tx, id, p)
              .chain(
                  () -> MarketColumns.refresh(tx, chain.modelRegistry(), p.chainId(), p.modelId()));
      case LicenseTransferred t ->
          Address.of(t.from()).value().equals(ZERO)
              ? Uni.createFrom().voidItem() // the mint: the purchase names the holder
              : holder(tx, t, Address.of(t.from()).value(), Address.of(t.to()).value());
      default -> Uni.createFrom().voidItem();
    };
  }

  /** Takes back what the licence-token event {@code original} ({@code e} its data) did. */
  Uni<Void> undo(SqlConnection tx, String original, ChainEvent e) {
    return switch (e) {
      case TierCreated t -> LicenceRows.deleteTier(tx, original);
      case TierUpdated u -> LicenceRows.undoTierUpdated(tx, original, u);
      case LicensePurchased p ->
          LicenceRows.deleteLicence(tx, original)
              .chain(
                  () -> MarketColumns.refresh(tx, chain.modelRegistry(), p.chainId(), p.modelId()));
      case LicenseTransferred t ->
          Address.of(t.from()).value().equals(ZERO)
              ? Uni.createFrom().voidItem()
              : holder(tx, t, Address.of(t.to()).value(), Address.of(t.from()).value());
      default -> Uni.createFrom().voidItem();
    };
  }

  /** The on-chain model of a licence, null while its purchase is not mirrored yet. */
  Uni<String> modelOf(SqlConnection tx, long chainId, String licenseId) {
    return LicenceRows.modelOf(tx, chainId, licenseId);
  }

  /** A licence moved from {@code from} to {@code to} (or back, when retracted). */
  private Uni<Void> holder(SqlConnection tx, LicenseTransferred t, String from, String to) {
    return LicenceRows.moveHolder(tx, t.chainId(), t.tokenId(), from, to)
        .flatMap(
            model ->
                model == null
                    ? Uni.createFrom().voidItem()
                    : MarketColumns.refresh(tx, chain.modelRegistry(), t.chainId(), model));
  }
}
