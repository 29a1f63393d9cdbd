package io.soa.payment.service;

import io.smallrye.mutiny.Uni;
import io.soa.payment.domain.Accounts;
import io.soa.payment.repository.BatchChannelStore;
import io.soa.payment.repository.Ledger;
import io.soa.payment.repository.ModelOwners;
import io.soa.payment.repository.PaymentStore;
import io.soa.payment.repository.Reports;
import io.soa.platform.error.NotFound;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What owners and operators read: earnings, settlements, the reconciliation. */
@ApplicationScoped
public class PaymentReports {
  private final Reports reports;
  private final PaymentStore store;
  private final Ledger ledger;
  private final ModelOwners owners;
  private final BatchChannelStore channels;
  private final io.soa.payment.repository.X402Transfers transfers;
  private final io.soa.contracts.Payees payees; // null when the deployment names no ModelPayees

  public PaymentReports(
      Reports reports,
      PaymentStore store,
      Ledger ledger,
      ModelOwners owners,
      BatchChannelStore channels,
      io.soa.payment.repository.X402Transfers transfers,
      io.soa.payment.config.PaymentConfig config) {
    this.channels = channels;
    this.transfers = transfers;
    String at = config.chain().address("ModelPayees");
    this.payees = at.isEmpty() ? null : new io.soa.contracts.Payees(at);
    this.reports = reports;
    this.store = store;
    this.ledger = ledger;
    this.owners = owners;
  }

  /** The model's owner as the chain last said, if known. */
  public Uni<java.util.Optional<String>> owner(BigInteger modelId) {
    return owners.owner(modelId);
  }

  /** What {@code owner} was paid, and per model it owns now: pending, in transit, per feature. */
  public Uni<Map<String, Object>> earnings(String owner) {
    return ledger
        .balance(Accounts.paid(owner))
        .flatMap(
            paid ->
                reports
                    .earnings(owner)
                    .map(
                        rows -> {
                          Map<String, Map<String, Object>> models = new LinkedHashMap<>();
                          for (Reports.Earning e : rows) {
                            Map<String, Object> m =
                                models.computeIfAbsent(
                                    e.modelId(),
                                    k -> {
                                      Map<String, Object> x = new LinkedHashMap<>();
                                      x.put("modelId", k);
                                      x.put("pending", e.pending().toString());
                                      x.put("inTransit", e.inTransit().toString());
                                      x.put("features", new ArrayList<Map<String, String>>());
                                      return x;
                                    });
                            @SuppressWarnings("unchecked")
                            List<Map<String, String>> features =
                                (List<Map<String, String>>) m.get("features");
                            features.add(
                                Map.of("feature", e.feature(), "charged", e.charged().toString()));
                          }
                          Map<String, Object> out = new LinkedHashMap<>();
                          out.put("owner", owner);
                          out.put("paid", paid.toString());
                          out.put("models", new ArrayList<>(models.values()));
                          return out;
                        }))
        .flatMap(out -> x402(owner).map(x -> withX402(out, x)));
  }

  private static Map<String, Object> withX402(
      Map<String, Object> out, List<Map<String, Object>> x402) {
    out.put("x402", x402);
    return out;
  }

  /**
   * x402 for each model {@code owner} owns now: its payee (every x402 payment for the model goes
   * there, and its release pays the owner of the day), what {@code exact} transfers paid it, and
   * what its channels owe it and settled to it, from the ledger.
   */
  private Uni<List<Map<String, Object>>> x402(String owner) {
    if (payees == null) {
      return Uni.createFrom().item(List.of());
    }
    return owners
        .models(owner)
        .onItem()
        .transformToMulti(ms -> io.smallrye.mutiny.Multi.createFrom().iterable(ms))
        .onItem()
        .transformToUniAndConcatenate(
            model -> {
              String payee = payees.of(model);
              return Uni.combine()
                  .all()
                  .unis(
                      transfers.paidTo(payee),
                      ledger.balance("payee:" + payee + ":owed"),
                      ledger.balance("payee:" + payee + ":settled"))
                  .asTuple()
                  .map(
                      t -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("modelId", model.toString());
                        m.put("payee", payee);
                        m.put("exactPaid", t.getItem1().toString());
                        m.put("channelsOwed", t.getItem2().toString());
                        m.put("channelsSettled", t.getItem3().toString());
                        return m;
                      });
            })
        .collect()
        .asList();
  }

  public Uni<io.soa.payment.domain.Channel> channel(BigInteger channelId) {
    return store
        .channel(channelId)
        .map(c -> c.orElseThrow(() -> new NotFound("channel", channelId.toString())));
  }

  /** A charge and its channel's deposit. */
  public Uni<ChargeService.Result> charge(UUID chargeId) {
    return store
        .charge(chargeId)
        .flatMap(
            found -> {
              var c = found.orElseThrow(() -> new NotFound("charge", chargeId.toString()));
              return store
                  .channel(c.channelId())
                  .map(ch -> new ChargeService.Result(c, ch.orElseThrow().deposit(), false));
            });
  }

  public Uni<List<Map<String, Object>>> settlements() {
    return reports.settlements(1000);
  }

  public Uni<Map<String, Object>> settlement(UUID id) {
    return reports
        .settlement(id)
        .map(found -> found.orElseThrow(() -> new NotFound("settlement", id.toString())));
  }

  /**
   * Claimed on chain against settled here, channel by channel: a charge given back after a claim
   * paid it is the channel's credit (claimed ahead of charged); beyond the most ever charged is
   * over-claimed, never expected.
   */
  public Uni<Map<String, Object>> reconciliation() {
    return reports
        .channelTotals()
        .flatMap(
            rows ->
                reports
                    .ledgerSum()
                    .map(
                        ledger -> {
                          List<Map<String, Object>> channels = new ArrayList<>();
                          BigInteger difference = BigInteger.ZERO;
                          int overClaimed = 0;
                          for (Reports.ChannelTotals c : rows) {
                            BigInteger diff = c.claimed().subtract(c.settled());
                            difference = difference.add(diff.abs());
                            boolean over = c.claimed().compareTo(c.mostCharged()) > 0;
                            overClaimed += over ? 1 : 0;
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("channelId", c.channelId());
                            m.put("charged", c.charged().toString());
                            m.put("claimedOnChain", c.claimed().toString());
                            m.put("settled", c.settled().toString());
                            m.put("inFlight", c.inFlight());
                            m.put("differenceWei", diff.toString());
                            m.put(
                                "creditAhead",
                                c.claimed().subtract(c.charged()).max(BigInteger.ZERO).toString());
                            m.put("overClaimed", over);
                            channels.add(m);
                          }
                          Map<String, Object> out = new LinkedHashMap<>();
                          out.put("channels", channels);
                          out.put("differenceWei", difference.toString());
                          out.put("overClaimedChannels", overClaimed);
                          out.put("ledgerBalance", ledger.toString());
                          return out;
                        }))
        .flatMap(out -> channels.totals().map(t -> withChannels(out, t)));
  }

  /**
   * x402 batch-settlement channels beside the escrow's: per channel the sum of its calls' charges,
   * its charged cumulative amount (which starts at what the chain had claimed when this service
   * first saw the channel) and what claims put on chain; unclaimed is owed by the next claim round.
   */
  private static Map<String, Object> withChannels(
      Map<String, Object> out, List<BatchChannelStore.Totals> totals) {
    List<Map<String, Object>> rows = new ArrayList<>();
    BigInteger unclaimed = BigInteger.ZERO;
    for (BatchChannelStore.Totals t : totals) {
      BigInteger owed = t.charged().subtract(t.claimed()).max(BigInteger.ZERO);
      unclaimed = unclaimed.add(owed);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("channelId", t.channelId());
      m.put("payee", t.payee());
      m.put("charges", t.charges().toString());
      m.put("charged", t.charged().toString());
      m.put("claimedOnChain", t.claimed().toString());
      m.put("unclaimed", owed.toString());
      m.put("heldInLedger", t.held().toString());
      rows.add(m);
    }
    out.put("x402Channels", rows);
    out.put("x402Unclaimed", unclaimed.toString());
    return out;
  }
}
