package io.soa.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.soa.demo.Demo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./soa demo}'s story (the same code) against the packaged services and the example model:
 * every step succeeds and every account's on-chain $SOA change equals what the events say, to the
 * wei, twice in a row on one suite.stack.
 */
class DemoIT {
  static Suite suite;

  @BeforeAll
  static void startSuite() {
    suite = Suite.start("stack-demo");
  }

  @AfterAll
  static void stopSuite() {
    if (suite != null) {
      suite.close();
    }
  }

  @Test
  void theWholeStoryReconcilesToTheWeiAndRunsTwice() throws Exception {
    var u = suite.stack.urls();
    Demo.Urls urls =
        new Demo.Urls(
            u.get("catalog-service"),
            u.get("licensing-service"),
            u.get("payment-service"),
            u.get("example-model"));
    for (int run = 1; run <= 2; run++) {
      List<String> out = new ArrayList<>();
      Demo.Result r = Demo.run(suite.stack.deployment(), urls, out::add);
      out.forEach(System.out::println);
      assertThat(r.reconciled()).as("run %d:%n%s", run, String.join("\n", r.table())).isTrue();
      assertThat(r.table()).hasSizeGreaterThan(7);
      assertThat(r.table().subList(1, r.table().size() - 1))
          .allMatch(line -> line.endsWith(" 0 wei"));
      assertThat(r.calls()).isEqualTo(5 + 300 + 50);
    }
  }
}
