package io.soa.licensing.gateway;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code SOA-Voucher} header: {@code <channelId>:<cumulativeAmount>:<signature>}, decimal
 * channel id and amount ($SOA base units), the EIP-712 signature as 65 bytes of hex.
 */
public record Voucher(String channelId, String cumulativeAmount, String signature) {
  private static final Pattern HEADER =
      Pattern.compile("^(0|[1-9][0-9]{0,77}):(0|[1-9][0-9]{0,77}):(0x[0-9a-fA-F]{130})$");

  /** The voucher in {@code header}, or empty when it is not of that shape. */
  public static Optional<Voucher> parse(String header) {
    Matcher m = HEADER.matcher(header.strip());
    return m.matches()
        ? Optional.of(new Voucher(m.group(1), m.group(2), m.group(3)))
        : Optional.empty();
  }
}
