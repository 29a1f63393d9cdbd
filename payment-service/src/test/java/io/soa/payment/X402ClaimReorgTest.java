package io.soa.payment;

import static io.soa.payment.X402ChannelsTest.begin;
import static io.soa.payment.X402ChannelsTest.call;
import static io.soa.payment.X402ChannelsTest.channel;
import static io.soa.payment.X402ChannelsTest.deposit;
import static io.soa.payment.X402ChannelsTest.later;
import static io.soa.payment.X402ChannelsTest.post;
import static io.soa.payment.X402ChannelsTest.requirements;
import static io.soa.payment.X402Fixture.PRICE;
import static io.soa.payment.X402Fixture.payer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.soa.contracts.BatchChannels;
import io.soa.contracts.BatchChannels.Config;
import io.soa.events.ChainEventIds;
import io.soa.events.EventCodec;
import io.soa.events.Topics;
import io.soa.events.chain.X402Claimed;
import io.soa.testing.TestDb;
import io.soa.testing.TopicReader;
import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An x402 channel's claim undone by a reorg, as the indexer reports it: the claim the receipt
 * booked is taken back (its payee owed again, the channel claimable), the next round claims it
 * again, and the claim mined again in the new fork is not booked twice; a claim from another
 * contract changes nothing. Every entry sums to zero. Runs in {@link ChargeApp}.
 */
@QuarkusTest
@TestProfile(ChargeApp.class)
class X402ClaimReorgTest {
  @BeforeAll
  static void fund() throws Exception {
    X402Fixture.start();
    X402ChannelsTest.channels =
        new BatchChannels(PaymentFixture.chainId(), BatchChannels.SETTLEMENT);
  }

  @Test
  void aClaimTheChainTookBackIsOwedAgainAndClaimedOnce() throws Exception {
    X402ChannelsTest.setUp();
    String payee = X402ChannelsTest.payee;
    Config c = channel(payer);
    String id = BatchChannels.hex(X402ChannelsTest.channels.channelId(c));
    assertThat(
            begin(deposit(c, PRICE.multiply(BigInteger.TEN), PRICE, later()), requirements(), "q1")
                .path("ok")
                .asBoolean())
        .isTrue();
    post("commit", call(c, "q1"), 200);
    post("claims", EventCodec.JSON.createObjectNode(), 200);
    await().atMost(Duration.ofSeconds(30)).until(() -> claimed(id).equals(PRICE));
    String claimTx =
        ChargeTest.text(
            "SELECT s.tx_hash FROM settlement s JOIN x402_claim_item i USING (settlement_id)"
                + " WHERE i.channel_id = '"
                + id
                + "' AND s.state = 'confirmed'");
    assertThat(owed(payee)).isZero();
    assertThat(settled(payee)).isEqualTo(PRICE);

    // a forged claim of another contract (same channel, so read first): nothing
    X402Claimed forged =
        new X402Claimed(
            PaymentFixture.chainId(),
            9,
            "0x" + "aa".repeat(32),
            PaymentFixture.hash(),
            0,
            false,
            "0x" + "99".repeat(20),
            id,
            payee,
            "1000",
            PRICE.add(BigInteger.valueOf(1000)).toString());
    send(ChainEventIds.ofLog(forged.chainId(), forged.txHash(), 0), forged);

    // the indexer's report of that claim, after its receipt booked it: nothing more
    X402Claimed seen = claim(claimTx, id, payee, false, "0x" + "aa".repeat(32));
    String seenId = send(ChainEventIds.ofLog(seen.chainId(), claimTx, 7), seen);
    awaitInbox(seenId);
    assertThat(settled(payee)).isEqualTo(PRICE);
    assertThat(claimed(id)).isEqualTo(PRICE);

    // its block is reorganised away: the claim's entry is reversed (its payee owed again) and
    // the channel is claimed again, by the next round (every x402-claim-interval) or now
    X402Claimed gone = claim(claimTx, id, payee, true, seen.blockHash());
    send(ChainEventIds.ofRetraction(seenId, seen.blockHash()), gone);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> entry("x402-unclaimed|" + seenId, "payee:" + payee + ":owed").equals(PRICE));
    assertThat(entry("x402-unclaimed|" + seenId, "payee:" + payee + ":settled"))
        .isEqualTo(PRICE.negate());
    post("claims", EventCodec.JSON.createObjectNode(), 200);
    await().atMost(Duration.ofSeconds(30)).until(() -> claims(id) == 2);
    await().atMost(Duration.ofSeconds(30)).until(() -> claimed(id).equals(PRICE));
    assertThat(settled(payee)).isEqualTo(PRICE); // booked once again, not twice
    // and the first claim mined again in the new fork: counted already
    X402Claimed back = claim(claimTx, id, payee, false, "0x" + "bb".repeat(32));
    awaitInbox(send(ChainEventIds.ofReturn(seenId, back.blockHash()), back));
    assertThat(settled(payee)).isEqualTo(PRICE);
    assertThat(owed(payee)).isZero();
    assertThat(X402SettleTest.balance(payee)).isEqualTo(PRICE); // paid once on chain
    assertThat(ChargeTest.text("SELECT COALESCE(SUM(amount), 0)::text FROM posting"))
        .isEqualTo("0");
  }

  private static X402Claimed claim(
      String tx, String channelId, String payee, boolean removed, String blockHash) {
    return new X402Claimed(
        PaymentFixture.chainId(),
        5,
        blockHash,
        tx,
        7,
        removed,
        BatchChannels.SETTLEMENT,
        channelId,
        payee,
        PRICE.toString(),
        PRICE.toString());
  }

  private static String send(String eventId, X402Claimed e) {
    TopicReader.send(
        PaymentFixture.config("kafka.bootstrap.servers"),
        Topics.CHAIN_ESCROW,
        e.channelId(),
        EventCodec.envelope(eventId, "/chain-indexer", e, OffsetDateTime.now(), e.channelId()));
    return eventId;
  }

  private static void awaitInbox(String eventId) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TestDb.count(
                        ChargeTest.db(),
                        "SELECT count(*) FROM inbox WHERE event_id = '" + eventId + "'")
                    == 1);
  }

  private static BigInteger claimed(String id) throws Exception {
    return new BigInteger(
        ChargeTest.text(
            "SELECT total_claimed::text FROM x402_channel WHERE channel_id = '" + id + "'"));
  }

  /** What the ledger entry named {@code name} posted to {@code account}. */
  private static BigInteger entry(String name, String account) throws Exception {
    return new BigInteger(
        ChargeTest.text(
            "SELECT COALESCE(SUM(amount), 0)::text FROM posting WHERE entry_id = md5('"
                + name
                + "')::uuid AND account = '"
                + account
                + "'"));
  }

  /** The confirmed claim rounds of channel {@code id}. */
  private static long claims(String id) throws Exception {
    return TestDb.count(
        ChargeTest.db(),
        "SELECT count(*) FROM settlement s JOIN x402_claim_item i USING (settlement_id)"
            + " WHERE i.channel_id = '"
            + id
            + "' AND s.state = 'confirmed'");
  }

  private static BigInteger owed(String payee) throws Exception {
    return ChargeTest.balance("payee:" + payee + ":owed");
  }

  private static BigInteger settled(String payee) throws Exception {
    return ChargeTest.balance("payee:" + payee + ":settled");
  }
}
