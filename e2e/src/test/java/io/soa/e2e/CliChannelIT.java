package io.soa.e2e;

import static io.soa.e2e.CliIT.json;
import static io.soa.e2e.CliIT.keyed;
import static io.soa.e2e.CliIT.soa;
import static io.soa.e2e.ClientIT.funded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.soa.devchain.DevAccounts;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * {@code ./soa channel} and {@code ./soa call --channel} against the packaged suite: a channel is
 * opened with a deposit, calls are paid by vouchers that sign exactly what was charged (a failed
 * call's amount stays credit and pays the next one), a cap below the price signs nothing, and a
 * channel is not closed before its expiry.
 */
class CliChannelIT extends OnSharedStack {
  @Test
  void aChannelPaysCallsWithVouchersSignedForExactlyWhatWasCharged() throws Exception {
    BigInteger model = GatewayIT.model(DevAccounts.account(1));
    BigInteger price = GatewayIT.PRICE;
    Credentials who = GatewayIT.wallet(); // gas for the channel's transactions
    funded(who, price.multiply(BigInteger.TEN));
    Map<String, String> payer = keyed(who);
    String channel =
        json(soa(
                payer,
                "channel",
                "open",
                model.toString(),
                "--deposit",
                price.multiply(BigInteger.valueOf(5)).toString(),
                "--json"))
            .path("channelId")
            .asText();
    for (int i = 0; i < 3; i++) {
      String[] paid =
          soa(
              payer,
              "call",
              model.toString(),
              "tokens",
              "--data",
              "{\"text\": \"By voucher.\"}",
              "--channel",
              channel,
              "--max-price",
              price.toString());
      assertThat(paid[0]).as(paid[2]).isEqualTo("0");
      assertThat(paid[1]).contains("on your voucher (channel " + channel + ")");
    }
    // a call the model fails is not paid: its amount is credit, and the next call uses it
    assertThat(
            soa(
                payer,
                "call",
                model.toString(),
                "fail",
                "--channel",
                channel,
                "--max-price",
                price.toString())[0])
        .isEqualTo("1");
    BigInteger three = price.multiply(BigInteger.valueOf(3));
    // the failed call's charge comes back (the gateway's decision, through payment-service's
    // inbox): three charged, four covered (the failed call's voucher is credit)
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                json(soa(payer, "channel", "status", channel, "--json"))
                    .path("charged")
                    .asText()
                    .equals(three.toString()));
    JsonNode s = json(soa(payer, "channel", "status", channel, "--json"));
    assertThat(new BigInteger(s.path("covered").asText())).isEqualTo(three.add(price));
    assertThat(
            soa(
                payer,
                "call",
                model.toString(),
                "tokens",
                "--channel",
                channel,
                "--max-price",
                price.toString())[0])
        .isEqualTo("0");
    s = json(soa(payer, "channel", "status", channel, "--json"));
    assertThat(new BigInteger(s.path("charged").asText())).isEqualTo(three.add(price));
    assertThat(new BigInteger(s.path("covered").asText()))
        .isEqualTo(three.add(price)); // nothing more signed
    // a cap below the price: refused before anything is signed, nothing charged
    assertThat(
            soa(
                payer,
                "call",
                model.toString(),
                "tokens",
                "--channel",
                channel,
                "--max-price",
                "1")[0])
        .isEqualTo("1");
    // not expired: it cannot be closed yet, and says from when
    String[] early = soa(payer, "channel", "close", channel);
    assertThat(early[0]).isEqualTo("1");
    assertThat(early[2]).contains("channel-not-closable-yet");
  }
}
