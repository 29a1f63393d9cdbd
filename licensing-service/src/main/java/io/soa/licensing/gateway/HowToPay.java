package io.soa.licensing.gateway;

import io.smallrye.mutiny.Uni;
import io.soa.licensing.entitlement.ModelContext;
import io.soa.licensing.entitlement.api.OffersView;
import io.soa.licensing.entitlement.repository.EntitlementStore;
import io.soa.platform.chain.ChainContracts;
import io.soa.platform.error.PaymentRequired;
import io.soa.platform.types.Bytes32;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 402 of the gateway: why the call is not paid for, and every way to pay for it (DESIGN §6.3):
 * the chain and contracts, the feature's price per call for a voucher, the tiers on sale that cover
 * it, and x402's {@code PAYMENT-REQUIRED} header offering the call for that price ({@link
 * X402Offers}).
 */
@ApplicationScoped
public class HowToPay {
  /** The body's {@code howToPay} member. */
  public record Ways(
      long chainId,
      String usageEscrow,
      String licenseToken,
      String modelId,
      String feature,
      String featureKey,
      String pricePerCall,
      String voucherHeader,
      String x402Header,
      List<OffersView.TierOffer> tiers) {}

  private final EntitlementStore store;
  private final ChainContracts chain;
  private final X402Offers x402;

  public HowToPay(EntitlementStore store, ChainContracts chain, X402Offers x402) {
    this.store = store;
    this.chain = chain;
    this.x402 = x402;
  }

  public Uni<PaymentRequired> refusal(ModelContext m, Call call, String code, String detail) {
    return refusal(m, call, code, detail, detail);
  }

  /** With {@code x402Error}: why, in x402's words, for the PAYMENT-REQUIRED header. */
  public Uni<PaymentRequired> refusal(
      ModelContext m, Call call, String code, String detail, String x402Error) {
    return refusal(m, call, code, detail, x402Error, null);
  }

  /** With a batch-settlement channel's {@code correction} (its state, for the corrective 402). */
  public Uni<PaymentRequired> refusal(
      ModelContext m,
      Call call,
      String code,
      String detail,
      String x402Error,
      com.fasterxml.jackson.databind.JsonNode correction) {
    String feature = call.feature();
    String key = Bytes32.featureKey(feature);
    return x402.authorizer()
        .flatMap(known -> store.tiers(m.modelId()))
        .map(
            tiers -> {
              var header = x402.required(m, feature, call.url(), x402Error, correction);
              OffersView offers =
                  OffersView.of(
                      m, tiers, chain.chainId(), chain.licenseToken(), chain.usageEscrow());
              BigInteger price = m.prices().get(key);
              List<OffersView.TierOffer> covering =
                  offers.tiers().stream()
                      .filter(t -> t.featureKeys().isEmpty() || t.featureKeys().contains(key))
                      .toList();
              Map<String, String> amounts = new LinkedHashMap<>();
              if (price != null) {
                amounts.put("pricePerCall", price.toString());
              }
              return new PaymentRequired(
                  code,
                  detail,
                  amounts,
                  new Ways(
                      chain.chainId(),
                      chain.usageEscrow(),
                      chain.licenseToken(),
                      m.modelId().toString(),
                      feature,
                      key,
                      price == null ? null : price.toString(),
                      "SOA-Voucher: <channelId>:<cumulativeAmount>:<EIP-712 signature>",
                      header.isPresent()
                          ? "PAYMENT-SIGNATURE: x402 v2, scheme exact or batch-settlement (see"
                              + " PAYMENT-REQUIRED); X-PAYMENT: x402 v1, scheme exact (see"
                              + " accepts)"
                          : null,
                      covering),
                  header.map(h -> Map.of(X402Offers.REQUIRED, h)).orElse(Map.of()),
                  v1(m, call, x402Error));
            });
  }

  /**
   * x402 v1's members of the body (a v1 client reads the offer there, not in PAYMENT-REQUIRED):
   * {@code x402Version} 1, why, and the {@code exact} offer in v1's form; none when not sold so.
   */
  private Map<String, Object> v1(ModelContext m, Call call, String x402Error) {
    return x402.offer(m, call.feature())
        .<Map<String, Object>>map(
            offer -> {
              Map<String, Object> members = new LinkedHashMap<>();
              members.put("x402Version", 1);
              members.put("error", x402Error);
              members.put(
                  "accepts",
                  List.of(
                      X402V1.requirement(
                          offer,
                          chain.chainId(),
                          call.url(),
                          call.feature() + " of model " + m.modelId() + ", one call")));
              return members;
            })
        .orElse(Map.of());
  }
}
