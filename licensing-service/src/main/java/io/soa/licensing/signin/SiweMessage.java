package io.soa.licensing.signin;

import io.soa.platform.error.Invalid;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.web3j.crypto.Keys;

/**
 * A Sign-In with Ethereum message (EIP-4361), parsed by its ABNF: the header line with the domain,
 * the EIP-55 address, an optional one-line statement, then the fields in their fixed order: URI,
 * Version (1), Chain ID, Nonce (at least 8 alphanumerics), Issued At, and the optional Expiration
 * Time, Not Before, Request ID and Resources. Anything else is malformed: a signed message means
 * exactly what it says or nothing. Written here because no SIWE library for Java is served to this
 * build (STACK-NOTES).
 */
public record SiweMessage(
    String scheme,
    String domain,
    String address,
    Optional<String> statement,
    String uri,
    String version,
    long chainId,
    String nonce,
    Instant issuedAt,
    Optional<Instant> expirationTime,
    Optional<Instant> notBefore,
    Optional<String> requestId,
    List<String> resources) {

  private static final String HEADER = " wants you to sign in with your Ethereum account:";
  private static final Pattern DOMAIN =
      Pattern.compile("^(?:([a-zA-Z][a-zA-Z0-9+.-]*)://)?([A-Za-z0-9.-]+(?::[0-9]{1,5})?)$");
  private static final Pattern ADDRESS = Pattern.compile("^0x[0-9a-fA-F]{40}$");
  private static final Pattern NONCE = Pattern.compile("^[A-Za-z0-9]{8,}$");
  private static final Pattern CHAIN_ID = Pattern.compile("^[1-9][0-9]{0,17}$");
  private static final int MAX_LENGTH = 4096;

  /** EIP-4361's ABNF: statement = *( reserved / unreserved / " " ), RFC 3986's characters. */
  private static final java.util.regex.Pattern STATEMENT =
      java.util.regex.Pattern.compile("[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;= ]+");

  /** Parses {@code text}; {@link Invalid} (field {@code message}) naming what is wrong. */
  public static SiweMessage parse(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
      throw malformed("the message is empty or longer than " + MAX_LENGTH + " characters");
    }
    if (text.indexOf('\r') >= 0) {
      throw malformed("lines end with LF only");
    }
    String[] lines = text.split("\n", -1);
    Cursor c = new Cursor(lines);
    String header = c.next("the header line");
    if (!header.endsWith(HEADER)) {
      throw malformed("the first line must end with \"" + HEADER.trim() + "\"");
    }
    var d = DOMAIN.matcher(header.substring(0, header.length() - HEADER.length()));
    if (!d.matches()) {
      throw malformed("the domain is not a valid authority");
    }
    String address = c.next("the address");
    if (!ADDRESS.matcher(address).matches()) {
      throw malformed("the address is not 0x and 40 hex digits");
    }
    if (!Keys.toChecksumAddress(address).equals(address)) {
      throw malformed("the address is not in its EIP-55 checksum form");
    }
    c.blank();
    Optional<String> statement = Optional.empty();
    String line = c.next("the statement or a blank line");
    if (!line.isEmpty()) {
      if (!STATEMENT.matcher(line).matches()) { // no U+2028, bidi controls or a fake field
        throw malformed(
            "the statement may hold only letters, digits, spaces and RFC 3986's reserved and"
                + " unreserved characters (EIP-4361)");
      }
      statement = Optional.of(line);
      c.blank();
    }
    String uri = c.field("URI");
    try {
      if (!new URI(uri).isAbsolute()) {
        throw malformed("URI is not an absolute URI");
      }
    } catch (java.net.URISyntaxException e) {
      throw malformed("URI is not a URI");
    }
    String version = c.field("Version");
    if (!"1".equals(version)) {
      throw malformed("Version must be 1");
    }
    String chain = c.field("Chain ID");
    if (!CHAIN_ID.matcher(chain).matches()) {
      throw malformed("Chain ID is not a positive integer");
    }
    String nonce = c.field("Nonce");
    if (!NONCE.matcher(nonce).matches()) {
      throw malformed("Nonce must be at least 8 letters or digits");
    }
    Instant issuedAt = time("Issued At", c.field("Issued At"));
    Optional<Instant> expiration =
        c.optional("Expiration Time").map(v -> time("Expiration Time", v));
    Optional<Instant> notBefore = c.optional("Not Before").map(v -> time("Not Before", v));
    Optional<String> requestId = c.optional("Request ID");
    List<String> resources = new ArrayList<>();
    if (c.has() && c.peek().equals("Resources:")) {
      c.next("Resources:");
      while (c.has() && c.peek().startsWith("- ")) {
        String r = c.next("a resource").substring(2);
        try {
          if (!new URI(r).isAbsolute()) {
            throw malformed("a resource is not an absolute URI");
          }
        } catch (java.net.URISyntaxException e) {
          throw malformed("a resource is not a URI");
        }
        resources.add(r);
      }
    }
    if (c.has()) {
      throw malformed("unexpected line: " + abbreviate(c.peek()));
    }
    return new SiweMessage(
        d.group(1),
        d.group(2),
        address,
        statement,
        uri,
        version,
        Long.parseLong(chain),
        nonce,
        issuedAt,
        expiration,
        notBefore,
        requestId,
        List.copyOf(resources));
  }

  /** The address, lower-case, as the platform's tokens name their subject. */
  public String subject() {
    return address.toLowerCase(java.util.Locale.ROOT);
  }

  private static Instant time(String field, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant(); // RFC 3339: an offset is required
    } catch (DateTimeParseException e) {
      throw malformed(field + " is not an RFC 3339 date-time with an offset");
    }
  }

  private static Invalid malformed(String why) {
    return Invalid.field("message", "not a Sign-In with Ethereum message: " + why);
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  /** The lines, read in order. */
  private static final class Cursor {
    private final String[] lines;
    private int i;

    Cursor(String[] lines) {
      this.lines = lines;
    }

    boolean has() {
      return i < lines.length;
    }

    String peek() {
      return lines[i];
    }

    String next(String what) {
      if (!has()) {
        throw malformed("it ends before " + what);
      }
      return lines[i++];
    }

    void blank() {
      if (!next("a blank line").isEmpty()) {
        throw malformed("a blank line is missing after line " + i);
      }
    }

    String field(String name) {
      String line = next(name);
      String prefix = name + ": ";
      if (!line.startsWith(prefix)) {
        throw malformed("expected \"" + prefix + "...\" at line " + i);
      }
      return line.substring(prefix.length());
    }

    Optional<String> optional(String name) {
      if (has() && peek().startsWith(name + ": ")) {
        return Optional.of(field(name));
      }
      return Optional.empty();
    }
  }
}
