package io.soa.licensing.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.soa.platform.error.Invalid;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SiweMessageTest {
  static final String ADDRESS = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"; // anvil dev #1

  /** The EIP-4361 example shape, with every optional field. */
  static final String FULL =
      """
      https://example.com:8443 wants you to sign in with your Ethereum account:
      %s

      I accept the ExampleOrg Terms of Service: https://example.com/tos

      URI: https://example.com/login
      Version: 1
      Chain ID: 1
      Nonce: 32891756
      Issued At: 2021-09-30T16:25:24Z
      Expiration Time: 2021-09-30T17:25:24.000+02:00
      Not Before: 2021-09-30T16:20:00Z
      Request ID: req-1
      Resources:
      - ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/
      - https://example.com/my-web2-claim.json"""
          .formatted(ADDRESS);

  @Test
  void everyFieldOfTheSpecIsRead() {
    SiweMessage m = SiweMessage.parse(FULL);
    assertThat(m.scheme()).isEqualTo("https");
    assertThat(m.domain()).isEqualTo("example.com:8443");
    assertThat(m.address()).isEqualTo(ADDRESS);
    assertThat(m.subject()).isEqualTo(ADDRESS.toLowerCase());
    assertThat(m.statement())
        .contains("I accept the ExampleOrg Terms of Service: https://example.com/tos");
    assertThat(m.uri()).isEqualTo("https://example.com/login");
    assertThat(m.chainId()).isEqualTo(1);
    assertThat(m.nonce()).isEqualTo("32891756");
    assertThat(m.issuedAt()).isEqualTo(Instant.parse("2021-09-30T16:25:24Z"));
    assertThat(m.expirationTime()).contains(Instant.parse("2021-09-30T15:25:24Z"));
    assertThat(m.notBefore()).contains(Instant.parse("2021-09-30T16:20:00Z"));
    assertThat(m.requestId()).contains("req-1");
    assertThat(m.resources()).hasSize(2);
  }

  @Test
  void theStatementAndOptionalFieldsMayBeLeftOut() {
    SiweMessage m =
        SiweMessage.parse(
            """
            localhost:8082 wants you to sign in with your Ethereum account:
            %s


            URI: http://localhost:8082
            Version: 1
            Chain ID: 31337
            Nonce: abcdefgh1234
            Issued At: 2026-12-01T15:00:00.000Z"""
                .formatted(ADDRESS));
    assertThat(m.scheme()).isNull();
    assertThat(m.statement()).isEmpty();
    assertThat(m.expirationTime()).isEmpty();
    assertThat(m.resources()).isEmpty();
  }

  @Test
  void anythingElseIsMalformedAndSaysWhere() {
    String[][] bad = {
      {FULL.replace(ADDRESS, ADDRESS.toLowerCase()), "EIP-55"},
      {FULL.replace("Version: 1", "Version: 2"), "Version must be 1"},
      {FULL.replace("Nonce: 32891756", "Nonce: short"), "Nonce"},
      {FULL.replace("Chain ID: 1", "Chain ID: 0x1"), "Chain ID"},
      {FULL.replace("Issued At: 2021-09-30T16:25:24Z", "Issued At: yesterday"), "Issued At"},
      {
        FULL.replace("Issued At: 2021-09-30T16:25:24Z", "Issued At: 2021-09-30T16:25:24"),
        "Issued At"
      },
      {FULL.replace("\n\nI accept", "\nI accept"), "blank line"},
      // issue 26, finding 11: a wallet would show U+2028 as a line break, bidi controls reorder
      {FULL.replace("I accept", "I accept\u2028URI: https://evil.example"), "statement"},
      {FULL.replace("I accept", "I \u202eaccept"), "statement"},
      {FULL.replace("I accept", "I accept caf\u00e9"), "statement"},
      {FULL.replace("I accept", "I accept \"quoted\""), "statement"},
      {FULL.replace("URI: https://example.com/login", "URI: /login"), "URI"},
      {FULL + "\nExtra: field", "unexpected line"},
      {FULL.replace("\n", "\r\n"), "LF"},
      {FULL.replace(" wants you to sign in", " wants you to log in"), "first line"},
      {"", "empty"},
      {"x".repeat(5000), "longer"},
    };
    for (String[] b : bad) {
      assertThatThrownBy(() -> SiweMessage.parse(b[0]))
          .as(b[1])
          .isInstanceOf(Invalid.class)
          .hasMessageContaining(b[1]);
    }
  }
}
