package io.soa.verifier;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The {@code Content-Digest} field of RFC 9530 with {@code sha-256}: {@code sha-256=:<b64>:}. */
public final class ContentDigest {
  private ContentDigest() {}

  public static String of(byte[] body) {
    return "sha-256=:" + Base64.getEncoder().encodeToString(sha256(body)) + ":";
  }

  /** Whether {@code field} carries a sha-256 digest and it is {@code body}'s. */
  public static boolean matches(String field, byte[] body) {
    if (field == null) {
      return false;
    }
    for (String member : field.split(",")) {
      String m = member.strip();
      if (m.startsWith("sha-256=:") && m.endsWith(":") && m.length() > 10) {
        byte[] claimed;
        try {
          claimed = Base64.getDecoder().decode(m.substring(9, m.length() - 1));
        } catch (IllegalArgumentException e) {
          return false;
        }
        return MessageDigest.isEqual(claimed, sha256(body));
      }
    }
    return false;
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
