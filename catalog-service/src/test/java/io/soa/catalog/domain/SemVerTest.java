package io.soa.catalog.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Precedence as semver.org §11 lists it. */
class SemVerTest {

  @Test
  void ordersAsTheSpecificationsExample() {
    List<String> ordered =
        List.of(
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.1.0",
            "2.0.0",
            "10.0.0",
            "99999999999999999999.0.0");
    List<SemVer> shuffled = new ArrayList<>(ordered.stream().map(SemVer::parse).toList());
    Collections.shuffle(shuffled, new java.util.Random(7));
    Collections.sort(shuffled);
    assertThat(shuffled.stream().map(SemVer::text)).containsExactlyElementsOf(ordered);
  }

  @Test
  void buildMetadataDoesNotRankAndBadVersionsAreRejected() {
    assertThat(SemVer.parse("1.0.0+build.5").compareTo(SemVer.parse("1.0.0+other"))).isZero();
    for (String bad : List.of("1", "1.0", "v1.0.0", "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0+", "")) {
      assertThatThrownBy(() -> SemVer.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
