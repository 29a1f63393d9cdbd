package io.soa.platform.types;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** 32-byte values as the chain writes them: 0x + 64 lower-case hex digits. */
public final class Bytes32 {
  private Bytes32() {}

  private static final Pattern HEX = Pattern.compile("^0x[0-9a-fA-F]{64}$");

  public static boolean isValid(String value) {
    return value != null && HEX.matcher(value).matches();
  }

  public static String normalize(String value) {
    if (!isValid(value)) {
      throw new IllegalArgumentException("not a bytes32 (0x + 64 hex digits): " + value);
    }
    return value.toLowerCase(Locale.ROOT);
  }

  /** The catalog id of a model on-chain: its UUID's 16 bytes left-padded with zeros. */
  public static String fromUuid(UUID id) {
    ByteBuffer b = ByteBuffer.allocate(32);
    b.position(16);
    b.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    return "0x" + HexFormat.of().formatHex(b.array());
  }

  /**
   * The bytes32 a catalog feature id is priced under on-chain ({@code
   * ModelRegistry.setUsagePrice}): keccak-256 of its UTF-8 bytes.
   */
  public static String featureKey(String featureId) {
    return org.web3j.crypto.Hash.sha3String(featureId).toLowerCase(Locale.ROOT);
  }

  /** Inverse of {@link #fromUuid}; rejects values whose upper 16 bytes are not zero. */
  public static UUID toUuid(String bytes32) {
    byte[] raw = HexFormat.of().parseHex(normalize(bytes32).substring(2));
    for (int i = 0; i < 16; i++) {
      if (raw[i] != 0) {
        throw new IllegalArgumentException("not a catalog id (upper 16 bytes set): " + bytes32);
      }
    }
    ByteBuffer b = ByteBuffer.wrap(raw, 16, 16);
    return new UUID(b.getLong(), b.getLong());
  }
}
