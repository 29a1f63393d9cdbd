package io.soa.devstack.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

/** Test tokens are exactly as long as asked: services refuse any above an hour. */
class DevTokensTest {
  @Test
  void expiryMinusIssuedAtIsExactlyTheLifetime() throws Exception {
    DevTokens t = DevTokens.generate();
    for (int i = 0; i < 200; i++) { // spans second boundaries, where two clock readings differ
      JwtClaims c =
          new JwtConsumerBuilder()
              .setSkipSignatureVerification()
              .setSkipDefaultAudienceValidation()
              .build()
              .processToClaims(t.token("0x" + "ab".repeat(20)));
      assertThat(c.getExpirationTime().getValue() - c.getIssuedAt().getValue())
          .isEqualTo(Duration.ofHours(1).toSeconds());
      Thread.sleep(5);
    }
  }
}
