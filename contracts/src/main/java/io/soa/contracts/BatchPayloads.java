package io.soa.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.soa.contracts.BatchChannels.Config;
import io.soa.contracts.TransferAuthorizations.Authorization;
import java.math.BigInteger;
import java.util.Locale;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * x402 {@code batch-settlement} payment payloads as a client makes them (x402's official client
 * signs the same): a channel's config from a 402's offer, a deposit (ERC-3009
 * receiveWithAuthorization to the collector, nonce bound to the channel) with its first voucher, a
 * cumulative voucher, a zero-charge refund.
 */
public final class BatchPayloads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BatchChannels channels;
  private final TransferAuthorizations token;

  /** For the offers of chain {@code chainId}: the settlement contract and the token's domain. */
  public BatchPayloads(long chainId, String settlement, JsonNode offer) {
    this.channels = new BatchChannels(chainId, settlement);
    this.token =
        new TransferAuthorizations(
            offer.at("/extra/name").asText(),
            offer.at("/extra/version").asText(),
            chainId,
            offer.path("asset").asText());
  }

  public BatchChannels channels() {
    return channels;
  }

  /** The channel {@code payer} opens for {@code offer}, its own key signing the vouchers. */
  public static Config config(String payer, JsonNode offer, byte[] salt) {
    String p = payer.toLowerCase(Locale.ROOT);
    return new Config(
        p,
        p,
        offer.path("payTo").asText().toLowerCase(Locale.ROOT),
        offer.at("/extra/receiverAuthorizer").asText().toLowerCase(Locale.ROOT),
        offer.path("asset").asText().toLowerCase(Locale.ROOT),
        offer.at("/extra/withdrawDelay").asLong(BatchChannels.MIN_WITHDRAW_DELAY),
        salt);
  }

  /** A voucher payload ({@code type} voucher, or refund with a zero-charge voucher). */
  public ObjectNode voucher(
      JsonNode offer, Config c, BigInteger max, ECKeyPair signer, String type) {
    byte[] id = channels.channelId(c);
    ObjectNode payment = JSON.createObjectNode().put("x402Version", 2);
    payment.set("accepted", offer);
    ObjectNode p = payment.putObject("payload").put("type", type);
    p.putObject("channelConfig")
        .put("payer", c.payer())
        .put("payerAuthorizer", c.payerAuthorizer())
        .put("receiver", c.receiver())
        .put("receiverAuthorizer", c.receiverAuthorizer())
        .put("token", c.token())
        .put("withdrawDelay", c.withdrawDelay())
        .put("salt", Numeric.toHexString(c.salt()));
    p.putObject("voucher")
        .put("channelId", BatchChannels.hex(id))
        .put("maxClaimableAmount", max.toString())
        .put(
            "signature",
            Numeric.toHexString(BatchChannels.sign(channels.voucherDigest(id, max), signer)));
    return payment;
  }

  /**
   * A deposit of {@code amount} by {@code payer} (valid until {@code validBefore}, unix seconds),
   * with the voucher for {@code max}; {@code salt} makes its authorization's nonce.
   */
  public ObjectNode deposit(
      JsonNode offer,
      Config c,
      BigInteger amount,
      BigInteger max,
      long validBefore,
      BigInteger salt,
      ECKeyPair payer) {
    if (!("0x" + Keys.getAddress(payer)).equalsIgnoreCase(c.payer())) {
      throw new IllegalArgumentException("the deposit is signed by the channel's payer");
    }
    ObjectNode payment = voucher(offer, c, max, payer, "deposit");
    Authorization a =
        new Authorization(
            c.payer(),
            BatchChannels.ERC3009_COLLECTOR,
            amount,
            BigInteger.ZERO,
            BigInteger.valueOf(validBefore),
            BatchChannels.depositNonce(channels.channelId(c), salt));
    byte[] sig = BatchChannels.sign(token.receiveDigest(a), payer);
    ((ObjectNode) payment.path("payload"))
        .putObject("deposit")
        .put("amount", amount.toString())
        .putObject("authorization")
        .putObject("erc3009Authorization")
        .put("validAfter", "0")
        .put("validBefore", Long.toString(validBefore))
        .put("salt", Numeric.toHexStringWithPrefix(salt))
        .put("signature", Numeric.toHexString(sig));
    return payment;
  }
}
