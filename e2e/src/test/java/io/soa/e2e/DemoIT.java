package io.soa.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.soa.demo.Demo;
import io.soa.devchain.RepoRoot;
import io.soa.devstack.ServiceSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    everySeriesTheAlertsAndTheDashboardReadIsServed();
  }

  /**
   * After the story (every path taken, settlement run): each {@code soa_*} series named in the
   * PrometheusRule and the Grafana dashboard of {@code k8s/} is one a running service serves.
   */
  private static void everySeriesTheAlertsAndTheDashboardReadIsServed() throws Exception {
    Set<String> served = new TreeSet<>();
    HttpClient http = HttpClient.newHttpClient();
    for (ServiceSpec s : ServiceSpec.ALL) {
      String body =
          http.send(
                  HttpRequest.newBuilder(URI.create(suite.stack.metricsUrl(s.name()))).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      for (String line : body.split("\n")) {
        Matcher m = SERIES.matcher(line);
        if (m.lookingAt()) {
          served.add(m.group(1));
        }
      }
    }
    Set<String> named = new TreeSet<>();
    for (String file :
        List.of(
            "k8s/base/monitoring/prometheus-rule.yaml", "k8s/base/monitoring/soa-dashboard.json")) {
      Matcher m = SOA_SERIES.matcher(Files.readString(RepoRoot.find().resolve(file)));
      while (m.find()) {
        named.add(m.group(1));
      }
    }
    assertThat(named).hasSizeGreaterThan(5);
    assertThat(served).containsAll(named);
  }

  private static final Pattern SERIES = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
  private static final Pattern SOA_SERIES = Pattern.compile("\\b(soa_[a-z_]+)\\b");
}
