package io.soa.payment.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.soa.contracts.BatchChannels;
import io.soa.contracts.BatchChannels.Config;
import io.soa.contracts.TransferAuthorizations;
import io.soa.contracts.TransferAuthorizations.Authorization;
import io.soa.payment.config.PaymentConfig;
import io.soa.payment.service.TokenReads.ChannelOnChain;
import io.soa.platform.crypto.EthSignatures;
import io.soa.platform.types.Address;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;
import org.web3j.utils.Numeric;

/**
 * x402's {@code batch-settlement} payloads ({@code deposit}, {@code voucher}, {@code refund}),
 * verified by the facilitator's rules of {@code scheme_batch_settlement_evm.md}: the config hashes
 * to the channel id and names the requirements' token, payee, receiver authorizer and withdraw
 * delay; the voucher is signed by the payer authorizer (ECDSA, checked locally); a deposit's
 * ERC-3009 receiveWithAuthorization is the payer's, to the collector, inside its window, unspent
 * and covered by the payer's balance; the voucher stays within what the channel holds and above
 * what was claimed. The reasons are x402's words.
 */
@ApplicationScoped
public class BatchVerifier {
  static final String PREFIX = "invalid_batch_settlement_evm_";
  private static final Pattern UINT = Pattern.compile("^(0|[1-9][0-9]{0,37})$"); // uint128
  private static final Pattern BYTES32 = Pattern.compile("^0x[0-9a-fA-F]{64}$");
  private static final Pattern SIGNATURE = Pattern.compile("^0x[0-9a-fA-F]{130}$");
  private static final BigInteger UINT128 = BigInteger.ONE.shiftLeft(128);

  /** A payload taken apart: its channel, its voucher and, for a deposit, the authorization. */
  public record Payload(
      String type,
      Config config,
      String channelId,
      BigInteger max,
      String signature,
      BigInteger deposit,
      Authorization auth,
      String authSignature,
      BigInteger authSalt,
      BigInteger refundAmount) {
    public String payer() {
      return config.payer();
    }
  }

  /** The verdict: {@code reason} null when it holds, with the chain's view of the channel. */
  public record Checked(String reason, Payload payload, ChannelOnChain chain) {
    public boolean valid() {
      return reason == null;
    }
  }

  private final PaymentConfig config;
  private final TokenReads reads;
  private final String settlement;
  private final BatchChannels channels;
  private final TransferAuthorizations soa;

  public BatchVerifier(PaymentConfig config, TokenReads reads) {
    this.config = config;
    this.reads = reads;
    this.settlement = config.chain().address("X402BatchSettlement");
    this.channels = settlement.isEmpty() ? null : new BatchChannels(config.chainId(), settlement);
    this.soa =
        reads.address().isEmpty()
            ? null
            : new TransferAuthorizations(
                TransferAuthorizations.SOA_NAME,
                TransferAuthorizations.SOA_VERSION,
                config.chainId(),
                reads.address());
  }

  /** Whether this deployment has the scheme's contracts and a $SOA to run channels in. */
  public boolean settles() {
    return channels != null && soa != null;
  }

  public BatchChannels channels() {
    return channels;
  }

  /** Checks {@code payment} (x402's PaymentPayload) against {@code required} and the chain. */
  public Uni<Checked> check(JsonNode payment, JsonNode required) {
    if (!settles()) {
      return done("invalid_payment_requirements", null);
    }
    JsonNode accepted = payment.path("accepted");
    if (!"batch-settlement".equals(required.path("scheme").asText())
        || !"batch-settlement".equals(accepted.path("scheme").asText())) {
      return done(PREFIX + "scheme", null);
    }
    String network = "eip155:" + config.chainId();
    if (!network.equals(required.path("network").asText())
        || !network.equals(accepted.path("network").asText())) {
      return done(PREFIX + "network_mismatch", null);
    }
    Payload p;
    try {
      p = parse(payment.path("payload"));
    } catch (IllegalArgumentException e) {
      return done(e.getMessage(), null);
    }
    String refused = configRefused(p, required);
    if (refused != null) {
      return done(refused, p);
    }
    String signer =
        EthSignatures.recover(
                channels.voucherDigest(Numeric.hexStringToByteArray(p.channelId()), p.max()),
                Numeric.hexStringToByteArray(p.signature()))
            .orElse("");
    if (!signer.equals(p.config().payerAuthorizer())) {
      return done(PREFIX + "voucher_signature", p);
    }
    if (p.type().equals("deposit")) {
      String depositRefused = depositRefused(p);
      if (depositRefused != null) {
        return done(depositRefused, p);
      }
    }
    return reads
        .channel(Numeric.hexStringToByteArray(p.channelId()))
        .flatMap(chain -> onChain(p, chain));
  }

  private Uni<Checked> onChain(Payload p, ChannelOnChain chain) {
    BigInteger effective = chain.balance();
    if (p.type().equals("deposit")) {
      effective = effective.add(p.deposit());
    } else if (chain.balance().signum() == 0) {
      return Uni.createFrom().item(new Checked(PREFIX + "channel_not_found", p, chain));
    }
    if (p.max().compareTo(effective) > 0) {
      return Uni.createFrom().item(new Checked(PREFIX + "cumulative_exceeds_balance", p, chain));
    }
    int vsClaimed = p.max().compareTo(chain.totalClaimed());
    if (p.type().equals("voucher") ? vsClaimed <= 0 : vsClaimed < 0) {
      return Uni.createFrom().item(new Checked(PREFIX + "cumulative_below_claimed", p, chain));
    }
    if (!p.type().equals("deposit")) {
      return Uni.createFrom().item(new Checked(null, p, chain));
    }
    return reads
        .nonceSpent(p.payer(), p.auth().nonce())
        .flatMap(
            spent ->
                spent
                    ? Uni.createFrom()
                        .item(new Checked(PREFIX + "receive_authorization_signature", p, chain))
                    : reads
                        .balanceOf(p.payer())
                        .map(
                            b ->
                                new Checked(
                                    b.compareTo(p.deposit()) < 0
                                        ? PREFIX + "insufficient_balance"
                                        : null,
                                    p,
                                    chain)));
  }

  private String configRefused(Payload p, JsonNode required) {
    if (!BatchChannels.hex(channels.channelId(p.config())).equals(p.channelId())) {
      return PREFIX + "channel_id_mismatch";
    }
    if (!p.config().token().equals(lower(required.path("asset").asText()))
        || !p.config().token().equals(reads.address())) {
      return PREFIX + "token_mismatch";
    }
    if (!p.config().receiver().equals(lower(required.path("payTo").asText()))) {
      return PREFIX + "receiver_mismatch";
    }
    JsonNode extra = required.path("extra");
    if (!p.config().receiverAuthorizer().equals(lower(extra.path("receiverAuthorizer").asText()))) {
      return PREFIX + "receiver_authorizer_mismatch";
    }
    if (p.config().withdrawDelay() != extra.path("withdrawDelay").asLong(-1)) {
      return PREFIX + "withdraw_delay_mismatch";
    }
    if (p.config().withdrawDelay() < BatchChannels.MIN_WITHDRAW_DELAY
        || p.config().withdrawDelay() > BatchChannels.MAX_WITHDRAW_DELAY) {
      return PREFIX + "withdraw_delay_out_of_range";
    }
    if (p.config().payerAuthorizer().equals("0x0000000000000000000000000000000000000000")) {
      return PREFIX + "voucher_signature"; // ERC-1271 payers are not served here
    }
    return null;
  }

  private String depositRefused(Payload p) {
    String signer =
        EthSignatures.recover(
                soa.receiveDigest(p.auth()), Numeric.hexStringToByteArray(p.authSignature()))
            .orElse("");
    if (!signer.equals(p.payer())) {
      return PREFIX + "receive_authorization_signature";
    }
    long now = Instant.now().getEpochSecond();
    if (p.auth().validAfter().compareTo(BigInteger.valueOf(now)) > 0) {
      return PREFIX + "payload_authorization_valid_after";
    }
    if (p.auth().validBefore().compareTo(BigInteger.valueOf(now + 6)) < 0) {
      return PREFIX + "payload_authorization_valid_before";
    }
    return null;
  }

  /** The payload's fields; IllegalArgumentException with x402's reason when malformed. */
  Payload parse(JsonNode payload) {
    String type = payload.path("type").asText("");
    String bad =
        PREFIX
            + switch (type) {
              case "deposit" -> "deposit_payload";
              case "voucher" -> "voucher_payload";
              case "refund" -> "refund_payload";
              default -> "payload_type";
            };
    JsonNode c = payload.path("channelConfig");
    JsonNode v = payload.path("voucher");
    String[] addresses = {"payer", "payerAuthorizer", "receiver", "receiverAuthorizer", "token"};
    for (String a : addresses) {
      require(Address.isValid(c.path(a).asText(null)), bad);
    }
    require(c.path("withdrawDelay").canConvertToLong(), bad);
    require(BYTES32.matcher(c.path("salt").asText("")).matches(), bad);
    require(BYTES32.matcher(v.path("channelId").asText("")).matches(), bad);
    require(uint128(v.path("maxClaimableAmount")), bad);
    require(SIGNATURE.matcher(v.path("signature").asText("")).matches(), bad);
    Config config =
        new Config(
            lower(c.path("payer").asText()),
            lower(c.path("payerAuthorizer").asText()),
            lower(c.path("receiver").asText()),
            lower(c.path("receiverAuthorizer").asText()),
            lower(c.path("token").asText()),
            c.path("withdrawDelay").asLong(),
            Numeric.hexStringToByteArray(c.path("salt").asText()));
    BigInteger max = new BigInteger(v.path("maxClaimableAmount").asText());
    String channelId = lower(v.path("channelId").asText());
    String sig = lower(v.path("signature").asText());
    if (type.equals("refund")) {
      JsonNode amount = payload.path("amount");
      require(amount.isMissingNode() || uint128(amount), PREFIX + "refund_amount_invalid");
      BigInteger refund = amount.isMissingNode() ? null : new BigInteger(amount.asText());
      require(refund == null || refund.signum() > 0, PREFIX + "refund_amount_invalid");
      return new Payload(type, config, channelId, max, sig, null, null, null, null, refund);
    }
    if (!type.equals("deposit")) {
      require(type.equals("voucher"), bad);
      return new Payload(type, config, channelId, max, sig, null, null, null, null, null);
    }
    JsonNode d = payload.path("deposit");
    JsonNode e = d.path("authorization").path("erc3009Authorization");
    require(e.isObject(), PREFIX + "erc3009_authorization_required");
    require(uint128(d.path("amount")) && !d.path("amount").asText().equals("0"), bad);
    for (String n : new String[] {"validAfter", "validBefore"}) {
      require(e.path(n).asText("").matches("^(0|[1-9][0-9]{0,19})$"), bad);
    }
    require(e.path("salt").asText("").matches("^0x[0-9a-fA-F]{1,64}$"), bad);
    require(SIGNATURE.matcher(e.path("signature").asText("")).matches(), bad);
    BigInteger amount = new BigInteger(d.path("amount").asText());
    BigInteger salt = Numeric.toBigInt(e.path("salt").asText());
    Authorization auth =
        new Authorization(
            config.payer(),
            BatchChannels.ERC3009_COLLECTOR,
            amount,
            new BigInteger(e.path("validAfter").asText()),
            new BigInteger(e.path("validBefore").asText()),
            BatchChannels.depositNonce(Numeric.hexStringToByteArray(channelId), salt));
    return new Payload(
        type,
        config,
        channelId,
        max,
        sig,
        amount,
        auth,
        lower(e.path("signature").asText()),
        salt,
        null);
  }

  private static boolean uint128(JsonNode n) {
    return n.isTextual()
        && UINT.matcher(n.asText()).matches()
        && new BigInteger(n.asText()).compareTo(UINT128) < 0;
  }

  private static void require(boolean ok, String reason) {
    if (!ok) {
      throw new IllegalArgumentException(reason);
    }
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static Uni<Checked> done(String reason, Payload p) {
    return Uni.createFrom().item(new Checked(reason, p, null));
  }
}
