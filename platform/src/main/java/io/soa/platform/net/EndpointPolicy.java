package io.soa.platform.net;

import java.net.IDN;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which model endpoints the suite may call (DESIGN §6): https to a public host name or public IP.
 * Loopback, private, link-local, CGNAT, multicast, unspecified and cluster-internal addresses are
 * refused, so a registered endpoint cannot point the gateway at the suite's own network. The
 * catalog checks a URL when it is registered ({@link #check(String)}); the gateway checks again, at
 * connect time, every address the name resolves to ({@link #checkAddress(InetAddress)}), which also
 * defeats a name that later resolves inside. An IPv6 address that carries an IPv4 one (mapped,
 * compatible, NAT64, 6to4, Teredo) is judged by the IPv4 address; a literal that does not parse is
 * refused.
 *
 * @param allowLocal allow plain http and loopback, for the local stack and tests only
 */
public record EndpointPolicy(boolean allowLocal) {
  public static final EndpointPolicy STRICT = new EndpointPolicy(false);
  public static final EndpointPolicy LOCAL = new EndpointPolicy(true);

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern IPV4ISH = Pattern.compile("[0-9.]+|0x[0-9a-f.x]+");

  /** Why {@code url} may not be registered, or empty when it may. */
  public Optional<String> check(String url) {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      return Optional.of("is not a URL");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowLocal && scheme.equals("http"))) {
      return Optional.of(allowLocal ? "must be an http(s) URL" : "must be an https URL");
    }
    if (u.getRawUserInfo() != null) {
      return Optional.of("must not carry user info (credentials) before the host");
    }
    if (u.getRawFragment() != null) {
      return Optional.of("must not have a fragment");
    }
    String host = u.getHost();
    if (host == null || host.isEmpty()) {
      return Optional.of("must name a host");
    }
    if (u.getPort() == 0 || u.getPort() > 65535) {
      return Optional.of("has an invalid port");
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) { // IPv6 literal; one that does not parse is refused, not passed
      return addressOf(host.substring(1, host.length() - 1))
          .map(this::checkAddress)
          .orElse(Optional.of("is not a valid IPv6 address"));
    }
    if (IPV4ISH.matcher(host).matches()) {
      // dotted quads, but also 127.1, 2130706433 and 0x7f.1: resolvers read them all as IPv4
      if (!host.matches("(\\d{1,3})(\\.\\d{1,3}){3}")) {
        return Optional.of("must be a host name or a dotted-quad IPv4 address");
      }
      return addressOf(host)
          .map(this::checkAddress)
          .orElse(Optional.of("is not a valid IPv4 address"));
    }
    return checkName(host);
  }

  /** Why a connection to {@code a} is refused, or empty when it is a public address. */
  public Optional<String> checkAddress(InetAddress a) {
    if (a instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      Optional<byte[]> embedded = embeddedIpv4(b);
      if (embedded.isPresent()) {
        try {
          return checkAddress(InetAddress.getByAddress(embedded.get()))
              .map(why -> "embeds an IPv4 address that " + why);
        } catch (UnknownHostException e) {
          return Optional.of("is not an address");
        }
      }
      if ((b[0] & 0xff) == 0x00
          && (b[1] & 0xff) == 0x64
          && (b[2] & 0xff) == 0xff
          && (b[3] & 0xff) == 0x9b) {
        return Optional.of("is a local-use NAT64 address (64:ff9b:1::/48)");
      }
      if ((b[0] & 0xfe) == 0xfc) {
        return Optional.of("is a unique-local (private) IPv6 address");
      }
    }
    if (a.isLoopbackAddress()) {
      return allowLocal ? Optional.empty() : Optional.of("is a loopback address");
    }
    if (a.isAnyLocalAddress()) {
      return Optional.of("is the unspecified address");
    }
    if (a.isLinkLocalAddress()) {
      return Optional.of("is a link-local address (cloud metadata lives there)");
    }
    if (a.isSiteLocalAddress()) {
      return Optional.of("is a private address");
    }
    if (a.isMulticastAddress()) {
      return Optional.of("is a multicast address");
    }
    if (a instanceof Inet4Address) {
      byte[] b = a.getAddress();
      int b0 = b[0] & 0xff;
      int b1 = b[1] & 0xff;
      if (b0 == 0
          || b0 >= 240
          || (b0 == 100 && b1 >= 64 && b1 < 128)
          || (b0 == 192 && b1 == 0 && (b[2] & 0xff) == 0)
          || (b0 == 198 && (b1 == 18 || b1 == 19))) {
        return Optional.of("is a reserved or carrier-grade NAT address");
      }
    }
    return Optional.empty();
  }

  /**
   * The IPv4 address an IPv6 address carries, where a router or the host's stack would reach it:
   * IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96 (but :: and ::1 themselves), NAT64
   * 64:ff9b::/96, 6to4 2002::/16 and Teredo 2001::/32 (the client's address, bits inverted).
   */
  static Optional<byte[]> embeddedIpv4(byte[] b) {
    boolean zero80 = true;
    for (int i = 0; i < 10; i++) {
      zero80 &= b[i] == 0;
    }
    byte[] last = {b[12], b[13], b[14], b[15]};
    if (zero80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      return Optional.of(last);
    }
    if (zero80 && b[10] == 0 && b[11] == 0) {
      boolean upTo1 = b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xff) <= 1;
      return upTo1 ? Optional.empty() : Optional.of(last); // :: and ::1 are checked as they are
    }
    boolean zero4to11 = true;
    for (int i = 4; i < 12; i++) {
      zero4to11 &= b[i] == 0;
    }
    if ((b[0] & 0xff) == 0x00
        && (b[1] & 0xff) == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b
        && zero4to11) {
      return Optional.of(last);
    }
    if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
      return Optional.of(new byte[] {b[2], b[3], b[4], b[5]});
    }
    if ((b[0] & 0xff) == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
      return Optional.of(new byte[] {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]});
    }
    return Optional.empty();
  }

  private Optional<String> checkName(String host) {
    String ascii;
    try {
      ascii = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES);
    } catch (IllegalArgumentException e) {
      return Optional.of("has an invalid host name");
    }
    if (ascii.endsWith(".")) {
      ascii = ascii.substring(0, ascii.length() - 1);
    }
    String[] labels = ascii.split("\\.", -1);
    for (String l : labels) {
      if (!LABEL.matcher(l).matches()) {
        return Optional.of("has an invalid host name");
      }
    }
    if (ascii.equals("localhost") || ascii.endsWith(".localhost")) {
      return allowLocal ? Optional.empty() : Optional.of("is a loopback host name");
    }
    if (labels.length < 2) {
      return Optional.of(
          "must be a fully qualified host name (a single label is cluster-internal)");
    }
    for (String suffix :
        new String[] {
          ".local",
          ".internal",
          ".svc",
          ".cluster.local",
          ".lan",
          ".home.arpa",
          ".intranet",
          ".corp"
        }) {
      if (ascii.endsWith(suffix)) {
        return Optional.of("is an internal host name (" + suffix.substring(1) + ")");
      }
    }
    return Optional.empty();
  }

  private static Optional<InetAddress> addressOf(String literal) {
    try {
      return Optional.of(InetAddress.getByName(literal)); // a literal: no lookup
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
