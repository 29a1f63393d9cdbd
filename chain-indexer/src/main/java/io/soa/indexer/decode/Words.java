package io.soa.indexer.decode;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Reads ABI-encoded elementary values straight from a log's hex (32-byte words): the hot path of
 * the indexer, which decodes tens of thousands of logs per second. Values come out as the events
 * module writes them: unsigned integers as decimal strings, addresses and fixed bytes as lower-case
 * hex, booleans, and UTF-8 strings.
 */
final class Words {
  private Words() {}

  static boolean supports(String type) {
    return type.startsWith("uint")
        || type.equals("address")
        || type.equals("bool")
        || type.equals("string")
        || type.matches("bytes([1-9]|[12][0-9]|3[0-2])");
  }

  /**
   * The value of {@code type} whose head word starts at hex offset {@code at} of {@code hex}
   * ({@code data} is the whole data section, for the tail of dynamic types).
   */
  static Object decode(String type, String hex, int at, String data) {
    if (type.startsWith("uint")) {
      return uint(hex, at);
    }
    switch (type) {
      case "address" -> {
        return ("0x" + hex.substring(at + 24, at + 64)).toLowerCase();
      }
      case "bool" -> {
        return hex.charAt(at + 63) != '0';
      }
      case "string" -> {
        int offset = (int) Long.parseLong(hex.substring(at + 48, at + 64), 16);
        int start = 2 + offset * 2;
        int length = (int) Long.parseLong(data.substring(start + 48, start + 64), 16);
        byte[] bytes = HexFormat.of().parseHex(data, start + 64, start + 64 + length * 2);
        return new String(bytes, StandardCharsets.UTF_8);
      }
      default -> {
        int n = Integer.parseInt(type.substring(5));
        return ("0x" + hex.substring(at, at + 2 * n)).toLowerCase();
      }
    }
  }

  /** A uint256 word as a decimal string, without BigInteger for values that fit in a long. */
  static String uint(String hex, int at) {
    int i = at;
    int end = at + 64;
    while (i < end && hex.charAt(i) == '0') {
      i++;
    }
    if (i == end) {
      return "0";
    }
    if (end - i <= 15) {
      return Long.toString(Long.parseLong(hex, i, end, 16));
    }
    return new BigInteger(hex.substring(i, end), 16).toString();
  }
}
