package io.soa.catalog.service;

import io.smallrye.mutiny.Uni;
import io.soa.catalog.repository.LicenceRows;
import io.soa.catalog.repository.MarketColumns;
import io.soa.events.ChainEvent;
import io.soa.events.chain.LicensePurchased;
import io.soa.events.chain.LicenseTransferred;
import io.soa.events.chain.Listed;
import io.soa.events.chain.ListingCancelled;
import io.soa.events.chain.ModelMetadataUpdated;
import io.soa.events.chain.ModelTokenized;
import io.soa.events.chain.ModelTransferred;
import io.soa.events.chain.Sold;
import io.soa.events.chain.UsagePriceSet;
import io.soa.platform.chain.ChainContracts;
import io.vertx.mutiny.sqlclient.SqlConnection;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The {@link MarketColumns} locks a chain event takes before it writes anything: the licence it
 * names (when it names one), then the model token whose columns it can move. A licence's model is
 * read from its purchase under the licence's lock, so a listing and the purchase it races with on
 * another topic see each other.
 */
final class MarketKeys {
  private MarketKeys() {}

  /** For a registry event, in the registry mirror's Hibernate session. */
  static Uni<Void> lock(Mutiny.Session session, ChainEvent e) {
    String token =
        switch (e) {
          case ModelTokenized t -> t.modelId();
          case ModelTransferred t -> t.tokenId();
          case UsagePriceSet p -> p.modelId();
          case ModelMetadataUpdated u -> u.modelId();
          default -> null;
        };
    return MarketColumns.lockModel(session, e.chainId(), token);
  }

  /** For a market or licence-token event. */
  static Uni<Void> lock(SqlConnection tx, ChainContracts chain, ChainEvent e) {
    return switch (e) {
      case Listed l -> token(tx, chain, e, l.collection(), l.tokenId());
      case ListingCancelled c -> token(tx, chain, e, c.collection(), c.tokenId());
      case Sold s -> token(tx, chain, e, s.collection(), s.tokenId());
      case LicensePurchased p ->
          MarketColumns.lockLicence(tx, p.chainId(), p.licenseId())
              .chain(() -> MarketColumns.lockModel(tx, p.chainId(), p.modelId()));
      case LicenseTransferred t -> licence(tx, e, t.tokenId());
      default -> Uni.createFrom().voidItem(); // tiers move no market column
    };
  }

  /** A model token traded on the marketplace, or a licence. */
  private static Uni<Void> token(
      SqlConnection tx, ChainContracts chain, ChainEvent e, String collection, String tokenId) {
    return "model".equals(MarketMirror.kind(chain, collection))
        ? MarketColumns.lockModel(tx, e.chainId(), tokenId)
        : licence(tx, e, tokenId);
  }

  private static Uni<Void> licence(SqlConnection tx, ChainEvent e, String licenceId) {
    return MarketColumns.lockLicence(tx, e.chainId(), licenceId)
        .chain(() -> LicenceRows.modelOf(tx, e.chainId(), licenceId))
        .chain(model -> MarketColumns.lockModel(tx, e.chainId(), model));
  }
}
