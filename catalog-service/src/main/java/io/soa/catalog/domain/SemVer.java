package io.soa.catalog.domain;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0.0 version, ordered by its precedence rules (build metadata ignored).
 */
public record SemVer(
    BigInteger major, BigInteger minor, BigInteger patch, String[] pre, String text)
    implements Comparable<SemVer> {

  /** The grammar from semver.org, as one regular expression. */
  public static final String REGEX =
      "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
          + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
          + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$";

  private static final Pattern PATTERN = Pattern.compile(REGEX);

  public static SemVer parse(String text) {
    Matcher m = PATTERN.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a semantic version: " + text);
    }
    return new SemVer(
        new BigInteger(m.group(1)),
        new BigInteger(m.group(2)),
        new BigInteger(m.group(3)),
        m.group(4) == null ? new String[0] : m.group(4).split("\\."),
        text);
  }

  @Override
  public int compareTo(SemVer o) {
    int c = major.compareTo(o.major);
    if (c == 0) {
      c = minor.compareTo(o.minor);
    }
    if (c == 0) {
      c = patch.compareTo(o.patch);
    }
    if (c != 0) {
      return c;
    }
    // a pre-release ranks below its release
    if (pre.length == 0 || o.pre.length == 0) {
      return pre.length == o.pre.length ? 0 : pre.length == 0 ? 1 : -1;
    }
    for (int i = 0; i < Math.min(pre.length, o.pre.length); i++) {
      c = comparePart(pre[i], o.pre[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(pre.length, o.pre.length);
  }

  private static int comparePart(String a, String b) {
    boolean na = a.chars().allMatch(Character::isDigit);
    boolean nb = b.chars().allMatch(Character::isDigit);
    if (na && nb) {
      return new BigInteger(a).compareTo(new BigInteger(b));
    }
    if (na != nb) {
      return na ? -1 : 1; // numeric identifiers rank below alphanumeric ones
    }
    return a.compareTo(b);
  }
}
