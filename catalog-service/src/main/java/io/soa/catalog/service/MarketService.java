package io.soa.catalog.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import io.soa.catalog.api.MarketViews.Listing;
import io.soa.catalog.api.MarketViews.Market;
import io.soa.catalog.api.MarketViews.Sale;
import io.soa.catalog.api.MarketViews.Tier;
import io.soa.catalog.config.CatalogSettings;
import io.soa.catalog.domain.Model;
import io.soa.catalog.repository.MarketQueries;
import io.soa.catalog.repository.TermsDocuments;
import io.soa.events.EventCodec;
import io.soa.platform.error.NotFound;
import io.soa.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.web3j.crypto.Hash;

/**
 * A model's market and tiers as the chain made them, and its licence terms documents: stored only
 * when keccak-256 of their exact bytes is the digest (the hash {@code LicenseToken.createTier}
 * takes as {@code termsDigest}), so what anyone reads is what the tier's buyers agreed to.
 */
@ApplicationScoped
public class MarketService {
  /** Sales shown in a model's market. */
  static final int SALES_SHOWN = 50;

  private final ModelService models;
  private final MarketQueries queries;
  private final TermsDocuments terms;
  private final int maxTermsBytes;

  public MarketService(
      ModelService models, MarketQueries queries, TermsDocuments terms, CatalogSettings settings) {
    this.models = models;
    this.queries = queries;
    this.terms = terms;
    this.maxTermsBytes = settings.terms().maxBytes();
  }

  public Uni<Market> market(UUID id) {
    return existing(id)
        .flatMap(m -> queries.modelToken(id))
        .flatMap(
            token -> {
              if (token == null) {
                return Uni.createFrom()
                    .item(new Market(id.toString(), null, null, List.of(), null, null, List.of()));
              }
              return Uni.combine()
                  .all()
                  .unis(queries.openListings(token), queries.sales(token, SALES_SHOWN))
                  .asTuple()
                  .map(
                      t -> {
                        List<Listing> open = t.getItem1();
                        List<Sale> sales = t.getItem2();
                        Listing modelListing =
                            open.stream()
                                .filter(l -> l.kind().equals("model"))
                                .reduce((a, b) -> b.listedBlock() >= a.listedBlock() ? b : a)
                                .orElse(null);
                        List<Listing> licences =
                            open.stream().filter(l -> l.kind().equals("license")).toList();
                        String floor =
                            licences.stream()
                                .filter(Listing::sellerHolds)
                                .map(l -> new BigInteger(l.price()))
                                .min(BigInteger::compareTo)
                                .map(BigInteger::toString)
                                .orElse(null);
                        return new Market(
                            id.toString(),
                            token,
                            modelListing,
                            licences,
                            floor,
                            sales.isEmpty() ? null : sales.get(0),
                            sales);
                      });
            });
  }

  public Uni<List<Tier>> tiers(UUID id) {
    return existing(id)
        .flatMap(
            m ->
                queries
                    .modelToken(id)
                    .flatMap(
                        token ->
                            token == null
                                ? Uni.createFrom().item(List.<MarketQueries.TierRow>of())
                                : queries.tiers(id, token))
                    .map(rows -> rows.stream().map(r -> tier(m, r)).toList()));
  }

  private static Tier tier(Model m, MarketQueries.TierRow r) {
    List<String> keys;
    try {
      keys = EventCodec.JSON.readValue(r.featuresJson(), new TypeReference<List<String>>() {});
    } catch (java.io.IOException e) {
      throw new IllegalStateException("unreadable features of tier " + r.tierId(), e);
    }
    List<String> features =
        keys.stream()
            .map(
                k -> {
                  String f = m.featureIdOf(k);
                  return f != null ? f : k;
                })
            .toList();
    return new Tier(
        r.tierId(),
        r.price(),
        r.duration(),
        r.callQuota(),
        r.maxSupply(),
        r.sold(),
        r.maxSupply() == 0 ? null : Math.max(0, r.maxSupply() - r.sold()),
        r.transferable(),
        r.active(),
        features,
        r.termsDigest(),
        r.termsPublished(),
        r.termsPublished()
            ? "/v1/models/" + m.id + "/terms/" + r.termsDigest()
            : "terms not published");
  }

  /** Whether a terms document was stored now (true) or was already there (false). */
  public Uni<Boolean> putTerms(UUID id, String digest, byte[] body, String caller) {
    if (digest == null || !digest.matches(DIGEST)) {
      throw io.soa.platform.error.Invalid.field(
          "digest", "must be 0x followed by 64 hex digits (keccak-256)");
    }
    String want = digest.toLowerCase(java.util.Locale.ROOT);
    if (body.length == 0) {
      throw new ProblemException(
          400, "invalid-request", "Invalid request", "the terms document is empty");
    }
    if (body.length > maxTermsBytes) {
      throw new ProblemException(
          413,
          "payload-too-large",
          "Payload too large",
          "a terms document is at most " + maxTermsBytes + " bytes");
    }
    String text = utf8(body);
    if (text.indexOf('\0') >= 0) {
      throw new ProblemException(
          400, "invalid-request", "Invalid request", "the terms document contains a NUL character");
    }
    String actual = "0x" + HexFormat.of().formatHex(Hash.sha3(body));
    if (!actual.equals(want)) {
      throw new ProblemException(
          422,
          "terms-digest-mismatch",
          "Terms digest mismatch",
          "keccak-256 of the document's bytes is "
              + actual
              + ", not "
              + want
              + "; upload exactly the bytes whose hash the tier's termsDigest is");
    }
    return models
        .find(id)
        .flatMap(
            m -> {
              if (m == null) {
                throw new NotFound("model", id);
              }
              if (!m.owner.equals(caller)) {
                throw ModelService.forbidden(
                    "only the model's "
                        + (m.tokenId != null ? "current token owner" : "developer")
                        + " "
                        + m.owner
                        + " may publish its terms; the token's subject is "
                        + caller);
              }
              return terms.add(id, want, text, body.length, caller);
            });
  }

  /** The terms document's text; 404 while none with that digest was published. */
  public Uni<String> terms(UUID id, String digest) {
    String want = digest(digest);
    return terms
        .body(id, want)
        .map(
            found ->
                found.orElseThrow(
                    () ->
                        new NotFound(
                            "terms-not-published",
                            "terms",
                            "no terms document with digest "
                                + want
                                + " was published for model "
                                + id)));
  }

  private Uni<Model> existing(UUID id) {
    return models
        .find(id)
        .map(
            m -> {
              if (m == null) {
                throw new NotFound("model", id);
              }
              return m;
            });
  }

  private static final String DIGEST = "^0x[0-9a-fA-F]{64}$";

  private static String digest(String digest) {
    if (digest == null || !digest.matches(DIGEST)) {
      throw new NotFound(
          "terms-not-published",
          "terms",
          "a terms digest is 0x followed by 64 hex digits (keccak-256)");
    }
    return digest.toLowerCase(java.util.Locale.ROOT);
  }

  /** The document as text: it must be UTF-8 (it is served as text/markdown; charset=utf-8). */
  private static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ProblemException(
          400, "invalid-request", "Invalid request", "the terms document is not UTF-8 text");
    }
  }
}
