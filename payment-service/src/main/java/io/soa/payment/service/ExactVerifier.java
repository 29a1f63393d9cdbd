package io.soa.payment.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.soa.contracts.TransferAuthorizations;
import io.soa.contracts.TransferAuthorizations.Authorization;
import io.soa.payment.api.X402Request;
import io.soa.payment.api.X402Verdict;
import io.soa.payment.config.PaymentConfig;
import io.soa.platform.crypto.EthSignatures;
import io.soa.platform.types.Address;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * x402's {@code exact} scheme on EVM, verified as its facilitator does (x402 v2, {@code
 * scheme_exact_evm.md}, asset transfer method {@code eip3009}) for $SOA on this deployment's chain:
 * the payload's requirements are the server's, the ERC-3009 authorization is signed by its {@code
 * from} in $SOA's EIP-712 domain, pays exactly the amount to exactly {@code payTo}, is inside its
 * window, its nonce is unspent and the payer holds the amount. The reasons are x402's words.
 */
@ApplicationScoped
public class ExactVerifier {
  /** A settlement needs a few seconds: an authorization that ends sooner is refused. */
  static final long SETTLE_MARGIN_SECONDS = 6;

  private static final Pattern UINT = Pattern.compile("^(0|[1-9][0-9]{0,77})$");
  private static final Pattern BYTES32 = Pattern.compile("^0x[0-9a-fA-F]{64}$");
  private static final Pattern SIGNATURE = Pattern.compile("^0x[0-9a-fA-F]{130}$");

  private final PaymentConfig config;
  private final TokenReads token;
  private final TransferAuthorizations domain; // $SOA's EIP-712 domain, hashed once

  public ExactVerifier(PaymentConfig config, TokenReads token) {
    this.config = config;
    this.token = token;
    this.domain =
        token.address().isEmpty()
            ? null // no $SOA in this deployment: every payment is refused before it is needed
            : new TransferAuthorizations(
                TransferAuthorizations.SOA_NAME,
                TransferAuthorizations.SOA_VERSION,
                config.chainId(),
                token.address());
  }

  /** Whether this deployment has a $SOA to verify and settle payments in. */
  public boolean settles() {
    return domain != null;
  }

  /** This deployment's network in x402's (CAIP-2) words. */
  public String network() {
    return "eip155:" + config.chainId();
  }

  /**
   * The body of {@code POST /verify}: {@code x402Version}, {@code paymentPayload}, {@code
   * paymentRequirements}.
   */
  public Uni<X402Verdict> verify(X402Request body) {
    JsonNode payment = body.paymentPayload();
    JsonNode required = body.paymentRequirements();
    JsonNode auth = payment.path("payload").path("authorization");
    String payer =
        Address.isValid(auth.path("from").asText(null))
            ? Address.of(auth.path("from").asText()).value()
            : null;
    if (body.x402Version() != 2 || payment.path("x402Version").asInt() != 2) {
      return done("invalid_x402_version", payer);
    }
    if (!required.isObject() || !payment.path("accepted").isObject()) {
      return done("invalid_payment_requirements", payer);
    }
    if (!"exact".equals(required.path("scheme").asText())
        || !"exact".equals(payment.path("accepted").path("scheme").asText())) {
      return done("unsupported_scheme", payer);
    }
    if (!network().equals(required.path("network").asText())
        || !network().equals(payment.path("accepted").path("network").asText())) {
      return done("invalid_network", payer);
    }
    String refused = requirementsRefused(required, payment.path("accepted"));
    if (refused != null) {
      return done(refused, payer);
    }
    Authorization a = authorization(auth);
    String sig = payment.path("payload").path("signature").asText("");
    if (a == null || !SIGNATURE.matcher(sig).matches()) {
      return done("invalid_payload", payer);
    }
    String signer =
        EthSignatures.recover(domain.digest(a), org.web3j.utils.Numeric.hexStringToByteArray(sig))
            .orElse("");
    if (!signer.equals(a.from())) {
      return done("invalid_exact_evm_payload_signature", payer);
    }
    if (!a.to().equals(Address.of(required.path("payTo").asText()).value())) {
      return done("invalid_exact_evm_payload_recipient_mismatch", payer);
    }
    if (!a.value().equals(new BigInteger(required.path("amount").asText()))) {
      return done("invalid_exact_evm_payload_authorization_value_mismatch", payer);
    }
    long now = java.time.Instant.now().getEpochSecond();
    if (a.validBefore().compareTo(BigInteger.valueOf(now + SETTLE_MARGIN_SECONDS)) < 0) {
      return done("invalid_exact_evm_payload_authorization_valid_before", payer);
    }
    if (a.validAfter().compareTo(BigInteger.valueOf(now)) >= 0) {
      return done("invalid_exact_evm_payload_authorization_valid_after", payer);
    }
    return token
        .nonceSpent(a.from(), a.nonce())
        .flatMap(
            spent ->
                spent
                    ? done("invalid_exact_evm_nonce_already_used", payer)
                    : token
                        .balanceOf(a.from())
                        .map(
                            balance ->
                                balance.compareTo(a.value()) < 0
                                    ? X402Verdict.invalid("insufficient_funds", payer)
                                    : X402Verdict.valid(payer)));
  }

  /**
   * The server's requirements name $SOA with its EIP-712 domain and a payee, and the payload was
   * made for exactly those (amount, asset, payee); null when they hold.
   */
  private String requirementsRefused(JsonNode required, JsonNode accepted) {
    String asset = required.path("asset").asText("").toLowerCase(Locale.ROOT);
    if (token.address().isEmpty() || !asset.equals(token.address())) {
      return "invalid_payment_requirements"; // this facilitator settles $SOA only
    }
    if (!TransferAuthorizations.SOA_NAME.equals(required.path("extra").path("name").asText())
        || !TransferAuthorizations.SOA_VERSION.equals(
            required.path("extra").path("version").asText())) {
      return "invalid_exact_evm_missing_eip712_domain";
    }
    if (!Address.isValid(required.path("payTo").asText(null))
        || !UINT.matcher(required.path("amount").asText("")).matches()) {
      return "invalid_payment_requirements";
    }
    boolean same =
        accepted.path("amount").asText("").equals(required.path("amount").asText())
            && accepted.path("asset").asText("").equalsIgnoreCase(required.path("asset").asText())
            && accepted.path("payTo").asText("").equalsIgnoreCase(required.path("payTo").asText());
    return same ? null : "invalid_payment_requirements";
  }

  /** The ERC-3009 authorization of the payload; null when a field is missing or malformed. */
  static Authorization authorization(JsonNode auth) {
    String from = auth.path("from").asText(null);
    String to = auth.path("to").asText(null);
    String nonce = auth.path("nonce").asText("");
    for (String n : new String[] {"value", "validAfter", "validBefore"}) {
      if (!UINT.matcher(auth.path(n).asText("")).matches()) {
        return null;
      }
    }
    if (!Address.isValid(from) || !Address.isValid(to) || !BYTES32.matcher(nonce).matches()) {
      return null;
    }
    return new Authorization(
        Address.of(from).value(),
        Address.of(to).value(),
        new BigInteger(auth.path("value").asText()),
        new BigInteger(auth.path("validAfter").asText()),
        new BigInteger(auth.path("validBefore").asText()),
        org.web3j.utils.Numeric.hexStringToByteArray(nonce));
  }

  private static Uni<X402Verdict> done(String reason, String payer) {
    return Uni.createFrom().item(X402Verdict.invalid(reason, payer));
  }
}
