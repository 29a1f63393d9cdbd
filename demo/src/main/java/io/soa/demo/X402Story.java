package io.soa.demo;

import java.math.BigInteger;
import java.util.List;
import java.util.function.Consumer;
import org.web3j.crypto.Credentials;

/** The story's x402 payers: one pays per call with {@code exact}, one from a channel. */
final class X402Story {
  private final X402Agent exact;
  private final X402ChannelAgent channel;

  X402Story(Api api, String soa, Consumer<Hooks.Call> onCall) {
    this.exact = new X402Agent(api, soa, onCall);
    this.channel = new X402ChannelAgent(api, onCall);
  }

  /** Calls of {@code url} paid by {@code payer} with both schemes: the lines the story tells. */
  List<String> pay(String url, Credentials payer, String payee, long chainId) {
    BigInteger viaExact = exact.pay(url, payer, 5);
    return List.of(
        String.format(
            "5 calls paid with x402 (exact), no sign-in and no channel: %s $SOA to the model's"
                + " payee %s",
            Demo.soa(viaExact), payee),
        channel.story(url, payer, chainId));
  }
}
