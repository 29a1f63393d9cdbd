package io.soa.devstack.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

/** Test tokens are exactly as long as asked: services refuse any above an hour. */
class DevTokensTest {
  @Test
  void expiryMinusIssuedAtIsExactlyTheLifetime() throws Exception {
    DevTokens t = DevTokens.generate();
    Set<Long> issuedAt = new HashSet<>();
    // mint until the clock has crossed a second boundary, where two readings would differ
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              for (int i = 0; i < 20; i++) {
                JwtClaims c =
                    new JwtConsumerBuilder()
                        .setSkipSignatureVerification()
                        .setSkipDefaultAudienceValidation()
                        .build()
                        .processToClaims(t.token("0x" + "ab".repeat(20)));
                assertThat(c.getExpirationTime().getValue() - c.getIssuedAt().getValue())
                    .isEqualTo(Duration.ofHours(1).toSeconds());
                issuedAt.add(c.getIssuedAt().getValue());
              }
              return issuedAt.size() >= 2;
            });
  }
}
