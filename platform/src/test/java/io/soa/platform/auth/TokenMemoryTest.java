package io.soa.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.jwt.auth.principal.ParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class TokenMemoryTest {
  private final Map<String, Integer> calls = new HashMap<>();
  private final TokenMemory memory = new TokenMemory();

  /** Counts verifications; accepts tokens "ok-<exp seconds>", refuses the rest. */
  private JsonWebToken parse(String token) throws ParseException {
    return memory.parse(
        token,
        t -> {
          calls.merge(t, 1, Integer::sum);
          if (!t.startsWith("ok-")) {
            throw new ParseException("bad signature");
          }
          return jwt(Long.parseLong(t.substring(3)));
        });
  }

  @Test
  void aTokenIsVerifiedOnceWhileItIsValid() throws Exception {
    String token = "ok-" + (System.currentTimeMillis() / 1000 + 600);
    JsonWebToken first = parse(token);
    for (int i = 0; i < 100; i++) {
      assertThat(parse(token)).isSameAs(first);
    }
    assertThat(calls).containsEntry(token, 1);
  }

  @Test
  void anExpiredTokenIsVerifiedAgainNotAnsweredFromMemory() throws Exception {
    String expired = "ok-" + (System.currentTimeMillis() / 1000 - 1);
    parse(expired);
    parse(expired);
    assertThat(calls).containsEntry(expired, 2);
  }

  @Test
  void aRefusedTokenIsRefusedEveryTimeAndNotRemembered() {
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> parse("forged")).isInstanceOf(ParseException.class);
    }
    assertThat(calls).containsEntry("forged", 3);
  }

  @Test
  void theMemoryStaysBounded() throws Exception {
    long exp = System.currentTimeMillis() / 1000 + 600;
    String first = "ok-" + exp;
    parse(first);
    for (long i = 1; i <= TokenMemory.MAX_ENTRIES; i++) {
      parse("ok-" + (exp + i)); // distinct tokens until the memory is full and starts over
    }
    parse(first);
    assertThat(calls).containsEntry(first, 2);
  }

  private static JsonWebToken jwt(long exp) {
    return new JsonWebToken() {
      @Override
      public String getName() {
        return "gateway";
      }

      @Override
      public Set<String> getClaimNames() {
        return Set.of("exp");
      }

      @Override
      @SuppressWarnings("unchecked")
      public <T> T getClaim(String claimName) {
        return "exp".equals(claimName) ? (T) Long.valueOf(exp) : null;
      }
    };
  }
}
